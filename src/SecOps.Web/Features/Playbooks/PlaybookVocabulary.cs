using System.Globalization;
using System.Text.RegularExpressions;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The words playbook files use for the product's vocabulary (phases, incident types, severities, roles, evidence),
/// and SLA durations. The published schema lists the same words; a unit test keeps them equal.
/// </summary>
public static partial class PlaybookVocabulary
{
    public static readonly IReadOnlyList<(IncidentPhase Value, string Wire)> Phases =
    [
        (IncidentPhase.DetectionAndAnalysis, "detection-and-analysis"),
        (IncidentPhase.Containment, "containment"),
        (IncidentPhase.EradicationAndRecovery, "eradication-and-recovery"),
        (IncidentPhase.PostIncident, "post-incident"),
    ];

    public static readonly IReadOnlyList<(IncidentType Value, string Wire)> IncidentTypes =
    [
        (IncidentType.MaliciousCode, "malicious-code"),
        (IncidentType.Availability, "availability"),
        (IncidentType.InformationGathering, "information-gathering"),
        (IncidentType.IntrusionAttempts, "intrusion-attempts"),
        (IncidentType.Intrusions, "intrusions"),
        (IncidentType.InformationContentSecurity, "information-content-security"),
        (IncidentType.Fraud, "fraud"),
        (IncidentType.Vulnerable, "vulnerable"),
        (IncidentType.AbusiveContent, "abusive-content"),
        (IncidentType.Other, "other"),
    ];

    public static readonly IReadOnlyList<(EvidenceKind Value, string Wire)> Evidence =
    [
        (EvidenceKind.Note, "note"),
        (EvidenceKind.File, "file"),
        (EvidenceKind.Observable, "observable"),
    ];

    public static readonly IReadOnlyList<(StepAutomation Value, string Wire)> Automations =
    [
        (StepAutomation.Enrich, "enrich"),
        (StepAutomation.ThreatIntel, "threat-intel"),
    ];

    public static string ToWire(StepAutomation automation) => Automations.First(a => a.Value == automation).Wire;

    public static readonly IReadOnlyList<Severity> Severities = [Severity.Low, Severity.Medium, Severity.High, Severity.Critical];

    /// <summary>Who may own a step: the product's roles.</summary>
    public static IReadOnlyList<string> Owners => Roles.All;

    public static string ToWire(IncidentPhase phase) => Phases.First(p => p.Value == phase).Wire;

    public static string ToWire(IncidentType type) => IncidentTypes.First(t => t.Value == type).Wire;

    public static string ToWire(EvidenceKind kind) => Evidence.First(e => e.Value == kind).Wire;

    public static string Label(EvidenceKind kind) => kind switch
    {
        EvidenceKind.File => "Evidence file",
        EvidenceKind.Observable => "Observable",
        _ => "Note",
    };

    /// <summary>A step's key and a playbook's id: lower-case letters, digits and dashes.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    public static partial Regex Key();

    /// <summary>An ATT&amp;CK tactic (TA0001) or technique (T1566, T1566.001) id.</summary>
    [GeneratedRegex(@"^(TA\d{4}|T\d{4}(\.\d{3})?)$")]
    public static partial Regex MitreId();

    [GeneratedRegex(@"^([1-9]\d{0,4})(m|h|d)$")]
    private static partial Regex Duration();

    public static readonly TimeSpan MaxSla = TimeSpan.FromDays(90);

    /// <summary>An SLA as written: minutes, hours or days (<c>30m</c>, <c>4h</c>, <c>3d</c>), at most 90 days.</summary>
    public static bool TryParseSla(string text, out TimeSpan sla)
    {
        sla = default;
        var match = Duration().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        sla = match.Groups[2].Value switch
        {
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return sla <= MaxSla;
    }

    /// <summary>The shortest way to write an SLA (whole days, else whole hours, else minutes).</summary>
    public static string FormatSla(TimeSpan sla) =>
        sla.TotalDays == Math.Floor(sla.TotalDays) ? $"{(int)sla.TotalDays}d"
        : sla.TotalHours == Math.Floor(sla.TotalHours) ? $"{(int)sla.TotalHours}h"
        : $"{(int)sla.TotalMinutes}m";

    /// <summary>An SLA as people read it: "30 min", "4 h", "3 days".</summary>
    public static string SlaLabel(TimeSpan sla) => FormatSla(sla) switch
    {
        var s when s.EndsWith('d') => s[..^1] == "1" ? "1 day" : s[..^1] + " days",
        var s when s.EndsWith('h') => s[..^1] + " h",
        var s => s[..^1] + " min",
    };
}
