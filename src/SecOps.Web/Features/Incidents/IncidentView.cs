using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Incidents;

/// <summary>An incident as pages show it (a detached copy, never a tracked entity).</summary>
public sealed record IncidentView(long Id, string Title, string Description, Severity Severity, IncidentStatus Status, IncidentPhase Phase,
    IncidentType Type, Tlp Tlp, Pap Pap, string? AssigneeId, string? AssigneeName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version,
    int AlertCount = 0)
{
    public int? TeamId { get; init; }
    public string? TeamName { get; init; }
    public bool Restricted { get; init; }

    /// <summary>The named members (on a restricted incident, who may see it besides administrators).</summary>
    public IReadOnlyList<IncidentPerson> Members { get; init; } = [];

    public IReadOnlyList<ObservableView> Observables { get; init; } = [];

    /// <summary>When the organisation became aware (the incident's creation unless recorded otherwise).</summary>
    public DateTimeOffset AwareAt { get; init; }
    public bool PersonalData { get; init; }
    public bool Nis2 { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Regulatory notifications recorded (on the incident page's view; empty in lists).</summary>
    public IReadOnlyList<Regulatory.NotificationView> Notifications { get; init; } = [];

    public IReadOnlyList<string> MitreTactics { get; init; } = [];
    public IReadOnlyList<string> MitreTechniques { get; init; } = [];
    public string? OwaspCategory { get; init; }
    public IReadOnlyList<string> AffectedAssets { get; init; } = [];

    /// <summary>Due times of the open review follow-ups (on list views; empty elsewhere): the list marks those past due as time passes.</summary>
    public IReadOnlyList<DateTimeOffset> FollowUpsDue { get; init; } = [];

    /// <summary>What the regulatory clocks are computed from.</summary>
    public Regulatory.RegulatoryFacts RegulatoryFacts => new(AwareAt, PersonalData, Nis2, Notifications);

    public static IncidentView From(Incident i) => new(i.Id, i.Title, i.Description, i.Severity, i.Status, i.Phase, i.Type, i.Tlp, i.Pap,
        i.AssigneeId, i.AssigneeName, i.CreatedAt, i.UpdatedAt, i.Version)
    {
        TeamId = i.TeamId,
        Restricted = i.Restricted,
        AwareAt = i.AwareAt ?? i.CreatedAt,
        PersonalData = i.PersonalData,
        Nis2 = i.Nis2,
        AcknowledgedAt = i.AcknowledgedAt,
        ResolvedAt = i.ResolvedAt,
        MitreTactics = IncidentClassification.Split(i.MitreTactics),
        MitreTechniques = IncidentClassification.Split(i.MitreTechniques),
        OwaspCategory = i.OwaspCategory,
        AffectedAssets = IncidentClassification.Lines(i.AffectedAssets),
    };
}

public sealed record IncidentPerson(string Id, string Name);

/// <summary>An observable as the incident page, the API and the hub show it.</summary>
public sealed record ObservableView(long Id, ObservableType Type, string Value, bool Ioc, DateTimeOffset AddedAt, string AddedBy)
{
    public static ObservableView From(IncidentObservable o) => new(o.Id, o.Type, o.Value, o.Ioc, o.AddedAt, o.AddedByName);
}

public enum TimelineKind
{
    Alert,
    Change,
    Note,

    /// <summary>A regulatory notification, at the time it was sent.</summary>
    Notification,

    /// <summary>Playbooks attached and tasks worked.</summary>
    Task,

    /// <summary>What a responder put on the timeline, at the time it happened.</summary>
    Event,

    /// <summary>Evidence files' chain of custody: uploads and downloads.</summary>
    Evidence,

    /// <summary>Audit events about the incident's users and hosts, read from the source (or the store) when the timeline is shown; not stored with it.</summary>
    AuditEvent,

    /// <summary>A message sent about the incident (authority, customers, internal), at the time it was sent.</summary>
    Communication,
}

/// <summary>
/// One entry of an incident's timeline: a linked alert (at the time its detection fired), a change or a note (at the
/// time it was made). Text is people's or the source's: shown as text, notes through SafeMarkdown.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Title, string? Who, string? Text, long? AlertId = null, Severity? Severity = null);

/// <summary>
/// The list's filters and order; null means any. <see cref="Text"/> searches titles; <see cref="TeamIds"/> limits to
/// those teams; <see cref="Mine"/> to incidents assigned to the viewer.
/// </summary>
public sealed record IncidentFilter(IncidentStatus? Status = null, Severity? Severity = null, bool OpenOnly = false, string? Text = null,
    IReadOnlyList<int>? TeamIds = null, bool Mine = false, IncidentSort Sort = IncidentSort.Updated);

/// <summary>The list's orders, each newest first within its key (and by id last, so paging is stable).</summary>
public enum IncidentSort
{
    /// <summary>Most recently changed first.</summary>
    Updated = 0,

    /// <summary>Most recently opened first.</summary>
    Created = 1,

    /// <summary>Most severe first, then most recently changed.</summary>
    Severity = 2,
}
