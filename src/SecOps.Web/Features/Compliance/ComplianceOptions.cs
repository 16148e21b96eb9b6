using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The compliance configuration: noisy-rule thresholds, which detection rules map to which OWASP Top 10 (2021) category,
/// and the framework controls with the evidence that answers each. The defaults ship as the embedded
/// <c>compliance-frameworks.json</c> (configuration, not code); appsettings or the environment may add or override.
/// </summary>
public sealed class ComplianceOptions
{
    public const string SectionName = "SecOps:Compliance";

    /// <summary>A rule is noisy when it raised at least this many alerts in the period...</summary>
    [Range(1, int.MaxValue)]
    public int NoisyMinimumAlerts { get; set; } = 10;

    /// <summary>...and at least this share of its closed alerts were false positives (or most of it was suppressed).</summary>
    [Range(0.0, 1.0)]
    public double NoisyFalsePositiveRate { get; set; } = 0.5;

    public List<OwaspCategory> Owasp { get; set; } = [];

    /// <summary>How long a vulnerability finding may stay open, per severity, before it is past its patch SLA.</summary>
    public PatchSla PatchSla { get; set; } = new();

    public List<FrameworkDefinition> Frameworks { get; set; } = [];
}

/// <summary>Time allowed to patch a vulnerability finding, by its severity.</summary>
public sealed class PatchSla
{
    public TimeSpan Critical { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan High { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan Medium { get; set; } = TimeSpan.FromDays(90);
    public TimeSpan Low { get; set; } = TimeSpan.FromDays(180);
}

/// <summary>An OWASP Top 10 (2021) category and the detection rules (by rule id or exact rule name) that report it.</summary>
public sealed class OwaspCategory
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Rules { get; set; } = [];
}

public sealed class FrameworkDefinition
{
    /// <summary>The address segment: <c>/compliance/{Id}</c>.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<ControlDefinition> Controls { get; set; } = [];
}

public sealed class ControlDefinition
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<EvidenceSelector> Evidence { get; set; } = [];
}

public enum EvidenceKind
{
    Alerts,
    Incidents,
    Audit,

    /// <summary>User accounts as they stand now (MFA coverage); the period does not apply.</summary>
    Accounts,

    /// <summary>Active API keys as they stand now (their age); the period does not apply.</summary>
    ApiKeys,

    /// <summary>Completed access review campaigns, the last one first; the period does not apply.</summary>
    AccessReviews,
}

/// <summary>
/// Which stored records answer a control, within the period. Empty lists do not filter. Values are the vocabulary's
/// wire words (alert statuses and close reasons as on the board, incident phases, statuses and types as enum names,
/// audit actions as prefixes such as <c>incident.</c>).
/// </summary>
public sealed class EvidenceSelector
{
    public EvidenceKind Kind { get; set; }
    public string Label { get; set; } = "";
    public List<string> Rules { get; set; } = [];
    public List<string> Tactics { get; set; } = [];
    public List<string> Statuses { get; set; } = [];
    public List<string> CloseReasons { get; set; } = [];
    public List<string> Phases { get; set; } = [];
    public List<string> Types { get; set; } = [];
    public List<string> Severities { get; set; } = [];
    public List<string> ActionPrefixes { get; set; } = [];

    /// <summary>For audit evidence: Success, Refused, Failed.</summary>
    public List<string> Outcomes { get; set; } = [];

    /// <summary>For alert evidence: only alerts escalated into an incident.</summary>
    public bool Escalated { get; set; }

    /// <summary>For the OWASP view: alerts of the rules mapped to this category.</summary>
    public string? OwaspCategory { get; set; }

    /// <summary>
    /// For alert evidence: only findings not closed and older than the patch SLA of their severity, raised before the
    /// period's end (however long before), judged at the period's end or now, whichever is earlier.
    /// </summary>
    public bool PastPatchSla { get; set; }

    /// <summary>
    /// For incident evidence: only incidents this regulatory duty applies to (GdprAuthority, Nis2EarlyWarning,
    /// Nis2Notification, Nis2FinalReport), with <see cref="Deadlines"/> choosing how their deadline stands.
    /// </summary>
    public string? Duty { get; set; }

    /// <summary>With <see cref="Duty"/>: the deadline states to count (Running, Warning, Missed, Met, Late).</summary>
    public List<string> Deadlines { get; set; } = [];

    /// <summary>For account evidence: accounts with (true) or without (false) MFA turned on; null for both.</summary>
    public bool? Mfa { get; set; }

    /// <summary>For account evidence: only accounts holding one of these roles.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>For API key evidence: only keys created at least this many days ago.</summary>
    [Range(0, 36500)]
    public int? OlderThanDays { get; set; }
}
