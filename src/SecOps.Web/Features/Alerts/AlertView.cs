using System.Linq.Expressions;
using System.Text.Json.Serialization;

namespace SecOps.Web.Features.Alerts;

/// <summary>
/// The JSON shape of an alert shared by the read API and the hub, so an external client sees one format.
/// </summary>
public sealed record AlertView(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("alertTime")] DateTimeOffset AlertTime,
    [property: JsonPropertyName("ingestedAt")] DateTimeOffset IngestedAt,
    [property: JsonPropertyName("ruleName")] string RuleName,
    [property: JsonPropertyName("ruleId")] string? RuleId,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("riskScore")] double? RiskScore,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("mitreTactic")] string? MitreTactic,
    [property: JsonPropertyName("mitreTechnique")] string? MitreTechnique,
    [property: JsonPropertyName("host")] string? HostName,
    [property: JsonPropertyName("user")] string? UserName,
    [property: JsonPropertyName("sourceIp")] string? SourceIp,
    [property: JsonPropertyName("destinationIp")] string? DestinationIp,
    [property: JsonPropertyName("eventCategory")] string? EventCategory,
    [property: JsonPropertyName("eventAction")] string? EventAction,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("closeReason")] string? CloseReason,
    [property: JsonPropertyName("assignee")] string? Assignee,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("suppressedBy")] int? SuppressedBy = null,
    [property: JsonPropertyName("assigneeId")] string? AssigneeId = null,
    [property: JsonPropertyName("incidentId")] long? IncidentId = null)
{
    /// <summary>
    /// The columns a view shows, as a query projection shared by the list, replay and <c>GetMany</c> reads: the store
    /// selects only these columns and never the raw document (up to 1 MiB per alert). <see cref="From(Alert)"/> is the
    /// same expression compiled, so a projected read and an entity in hand give equal views.
    /// </summary>
    public static readonly Expression<Func<Alert, AlertView>> Projection = a => new AlertView(
        a.Id, a.LastSeq, a.DocumentId, a.Source, a.EventTime, a.AlertTime, a.IngestedAt,
        a.RuleName, a.RuleId, AlertVocabulary.ToWire(a.Severity), a.RiskScore, a.Reason,
        a.MitreTactic, a.MitreTechnique, a.HostName, a.UserName, a.SourceIp, a.DestinationIp,
        a.EventCategory, a.EventAction, a.Fingerprint, AlertVocabulary.ToWire(a.Status),
        a.CloseReason != null ? AlertVocabulary.ToWire(a.CloseReason.Value) : null, a.AssigneeName, a.Version, a.SuppressedBy, a.AssigneeId,
        a.IncidentRestricted ? null : a.IncidentId);

    private static readonly Func<Alert, AlertView> Compiled = Projection.Compile();

    public static AlertView From(Alert a) => Compiled(a);

    /// <summary>Entity shown in the board's entity column: the most specific one the alert names.</summary>
    [JsonIgnore]
    public string? Entity => HostName ?? UserName ?? SourceIp;
}
