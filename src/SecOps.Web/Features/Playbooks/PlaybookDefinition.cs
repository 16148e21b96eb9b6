using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// A playbook as written in YAML (see <see cref="PlaybookYaml"/> and <c>wwwroot/playbooks/schema.json</c>): what it is
/// for, when it applies, and the ordered steps of each phase. Immutable: a changed definition is imported as a new
/// version, and incidents keep the version they attached.
/// </summary>
public sealed record PlaybookDefinition(
    string Key,
    string Name,
    string Description,
    PlaybookTriggers Triggers,
    IReadOnlyList<PlaybookPhase> Phases)
{
    public IEnumerable<PlaybookStep> Steps => Phases.SelectMany(p => p.Steps);
}

/// <summary>When a playbook is suggested: any trigger that matches makes it a candidate; more matches rank it higher.</summary>
public sealed record PlaybookTriggers(
    IReadOnlyList<IncidentType> IncidentTypes,
    IReadOnlyList<string> RuleNames,
    IReadOnlyList<string> Mitre,
    IReadOnlyList<Severity> Severities)
{
    public static readonly PlaybookTriggers None = new([], [], [], []);

    public bool IsEmpty => IncidentTypes.Count == 0 && RuleNames.Count == 0 && Mitre.Count == 0 && Severities.Count == 0;
}

/// <summary>One phase of PRODUCT.md's vocabulary with its steps in order.</summary>
public sealed record PlaybookPhase(IncidentPhase Phase, IReadOnlyList<PlaybookStep> Steps);

/// <summary>
/// One step: who owns it (a role), how long it may take from attachment (<see cref="Sla"/>), what to tick off, and the
/// evidence a responder must give to complete it. A step with a <see cref="Webhook"/> is automated: on attachment the
/// incident's summary is posted there (only if the host is on the outbound allowlist), and a 2xx answer completes it.
/// An <see cref="Automated"/> step runs on attachment too: the saved enrichment query against the event source, or the
/// threat-intelligence lookup, for the incident's observables; its findings become the step's note.
/// </summary>
public sealed record PlaybookStep(
    string Key,
    string Title,
    string Description,
    string Owner,
    TimeSpan Sla,
    IReadOnlyList<string> Checklist,
    IReadOnlyList<EvidenceKind> Evidence,
    Uri? Webhook = null,
    StepAutomation? Automated = null);

/// <summary>What an automated step does with the incident's observables.</summary>
public enum StepAutomation
{
    /// <summary>The saved enrichment query (counts, first and last seen, top hosts and users) against the event source.</summary>
    Enrich = 0,

    /// <summary>A lookup in the threat-intelligence provider (MISP).</summary>
    ThreatIntel = 1,
}

/// <summary>What completing a step must leave behind.</summary>
public enum EvidenceKind
{
    Note = 0,
    File = 1,
    Observable = 2,
}
