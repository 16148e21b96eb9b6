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
    /// <summary>ATT&amp;CK Enterprise tactic ids (TA0001), in kill-chain order.</summary>
    [JsonPropertyName("mitreTactics")] public IReadOnlyList<string> MitreTactics { get; init; } = [];

    /// <summary>ATT&amp;CK technique ids (T1566, T1566.001).</summary>
    [JsonPropertyName("mitreTechniques")] public IReadOnlyList<string> MitreTechniques { get; init; } = [];

    /// <summary>The OWASP Top 10 (2021) category id (A01 to A10), or null.</summary>
    [JsonPropertyName("owaspCategory")] public string? OwaspCategory { get; init; }

    [JsonPropertyName("affectedAssets")] public IReadOnlyList<string> AffectedAssets { get; init; } = [];

    /// <summary>What the regulatory clocks run from: awareness time and which regimes apply.</summary>
    [JsonPropertyName("regulatory")] public RegulatoryDocument? Regulatory { get; init; }

    public static IncidentDocument From(IncidentView i) => new(i.Id, i.Title, i.Description, AlertVocabulary.ToWire(i.Severity), Wire(i.Status), Wire(i.Phase),
        Wire(i.Type), Wire(i.Tlp), Wire(i.Pap), i.AssigneeId, i.AssigneeName, i.TeamId, i.TeamName, i.Restricted, i.Members,
        [.. i.Observables.Select(o => new ObservableDocument(Wire(o.Type), o.Value, o.Ioc))], i.AlertCount, i.CreatedAt, i.UpdatedAt, i.Version)
    {
        MitreTactics = i.MitreTactics,
        MitreTechniques = i.MitreTechniques,
        OwaspCategory = i.OwaspCategory,
        AffectedAssets = i.AffectedAssets,
        Regulatory = new RegulatoryDocument(i.AwareAt, i.PersonalData, i.Nis2),
    };

    public static string Wire<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>The vocabulary value whose wire name is <paramref name="text"/> (<c>in_progress</c>, <c>amber_strict</c>).</summary>
    public static bool TryParseWire<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Wire(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}

public sealed record RegulatoryDocument(
    [property: JsonPropertyName("awareAt")] DateTimeOffset AwareAt,
    [property: JsonPropertyName("personalData")] bool PersonalData,
    [property: JsonPropertyName("nis2")] bool Nis2);

public sealed record ObservableDocument(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("ioc")] bool Ioc);
