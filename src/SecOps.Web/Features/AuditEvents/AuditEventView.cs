using System.Text.Json.Serialization;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// The JSON shape of an audit event for the read API and the incident timeline. <see cref="Id"/> is 0 for an event read from
/// Elasticsearch on demand and not stored; <see cref="DocumentId"/> identifies it either way.
/// </summary>
public sealed record AuditEventView(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("outcome")] string? Outcome,
    [property: JsonPropertyName("user")] string? UserName,
    [property: JsonPropertyName("userId")] string? UserId,
    [property: JsonPropertyName("targetUser")] string? TargetUserName,
    [property: JsonPropertyName("host")] string? HostName,
    [property: JsonPropertyName("sourceIp")] string? SourceIp,
    [property: JsonPropertyName("summary")] string Summary)
{
    public static AuditEventView From(AuditEvent e) => new(
        e.Id, e.DocumentId, e.Source, e.Timestamp, e.Category, e.Action, e.Outcome, e.UserName, e.UserId, e.TargetUserName, e.HostName, e.SourceIp, e.Summary);
}
