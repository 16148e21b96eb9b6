namespace SecOps.Web.Features.OnCall;

/// <summary>What a page is about: an alert or an incident.</summary>
public enum PageSubject
{
    Alert = 0,
    Incident = 1,
}

/// <summary>Why someone was paged.</summary>
public enum PageReason
{
    /// <summary>A new critical alert, still open.</summary>
    CriticalAlert = 0,

    /// <summary>An open alert past its acknowledge target (SLA).</summary>
    AlertSlaBreached = 1,

    /// <summary>An open incident past its acknowledge target (SLA).</summary>
    IncidentSlaBreached = 2,

    /// <summary>An alert taken on (acknowledged or in progress) but not closed by its resolve target.</summary>
    AlertResolveBreached = 3,

    /// <summary>An incident taken on but not resolved by its resolve target.</summary>
    IncidentResolveBreached = 4,
}

/// <summary>
/// One page to one person: a subject and a reason (one chain per pair, never paged twice), the on-call team, and the
/// level of the escalation chain the person was paged at (0 is whoever was on duty, then the team's escalation list,
/// each person once). A row per level, so the unique key (subject, reason, level) is the claim that lets only one
/// instance page each level. Acknowledging any level acknowledges the whole chain and stops escalation.
/// </summary>
public sealed class DutyPage
{
    public long Id { get; set; }
    public PageSubject Subject { get; set; }
    public long SubjectId { get; set; }
    public PageReason Reason { get; set; }

    /// <summary>The on-call team's name (<c>SecOps:OnCall:Teams</c>).</summary>
    public required string Team { get; set; }

    public int Level { get; set; }

    /// <summary>As the rota names them: a user name or an email address.</summary>
    public required string Person { get; set; }

    public DateTimeOffset PagedAt { get; set; }

    /// <summary>When the email went out; null while it has not (yet).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>While set and in the future, one instance is sending the email; an expired claim is retried.</summary>
    public DateTimeOffset? SendingUntil { get; set; }

    /// <summary>Why the last sending failed (the exception's type only).</summary>
    public string? LastFailure { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>The user id of who acknowledged on <c>/on-call</c>; null when the subject left open in the app.</summary>
    public string? AcknowledgedById { get; set; }

    /// <summary>Who or what acknowledged: a person's name, or "alert triaged" / "incident taken on".</summary>
    public string? AcknowledgedBy { get; set; }
}
