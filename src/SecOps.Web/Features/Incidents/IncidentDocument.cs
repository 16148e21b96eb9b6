using System.Text.Json;
using System.Text.Json.Serialization;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// The JSON shape of an incident shared by the read API and the hub's <c>incidents</c> event. Vocabulary values are
/// snake_case names (<c>in_progress</c>, <c>detection_and_analysis</c>, <c>amber_strict</c>); severity as on alerts.
/// </summary>
public sealed record IncidentDocument(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("tlp")] string Tlp,
    [property: JsonPropertyName("pap")] string Pap,
    [property: JsonPropertyName("assigneeId")] string? AssigneeId,
    [property: JsonPropertyName("assignee")] string? Assignee,
    [property: JsonPropertyName("teamId")] int? TeamId,
    [property: JsonPropertyName("team")] string? Team,
    [property: JsonPropertyName("restricted")] bool Restricted,
    [property: JsonPropertyName("members")] IReadOnlyList<IncidentPerson> Members,
    [property: JsonPropertyName("observables")] IReadOnlyList<ObservableDocument> Observables,
    [property: JsonPropertyName("alertCount")] int AlertCount,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("version")] int Version)
{
    public static IncidentDocument From(IncidentView i) => new(i.Id, i.Title, i.Description, AlertVocabulary.ToWire(i.Severity), Wire(i.Status), Wire(i.Phase),
        Wire(i.Type), Wire(i.Tlp), Wire(i.Pap), i.AssigneeId, i.AssigneeName, i.TeamId, i.TeamName, i.Restricted, i.Members,
        [.. i.Observables.Select(o => new ObservableDocument(Wire(o.Type), o.Value, o.Ioc))], i.AlertCount, i.CreatedAt, i.UpdatedAt, i.Version);

    public static string Wire<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

public sealed record ObservableDocument(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("ioc")] bool Ioc);
