using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// An incident: what responders run, made from escalated alerts or by hand. Changed only through
/// <see cref="IncidentEditing"/> and <see cref="IncidentEscalation"/> (in the store writer, audited, permission-checked).
/// Who may see it is decided in one place, <see cref="IncidentAccess"/>: everyone who may read incidents, or, when
/// <see cref="Restricted"/>, only its named members (<see cref="IncidentMember"/>) and administrators.
/// </summary>
public sealed class Incident
{
    public long Id { get; set; }
    public required string Title { get; set; }

    /// <summary>Markdown as written (control and bidi characters replaced); shown only through SafeMarkdown.</summary>
    public string Description { get; set; } = "";

    public Severity Severity { get; set; }
    public IncidentStatus Status { get; set; }
    public IncidentPhase Phase { get; set; }
    public IncidentType Type { get; set; }
    public Tlp Tlp { get; set; } = Tlp.Amber;
    public Pap Pap { get; set; } = Pap.Amber;
    public string? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }

    /// <summary>The team the incident belongs to (<see cref="Teams.Team"/>), if any.</summary>
    public int? TeamId { get; set; }

    /// <summary>Need-to-know: visible only to its named members and administrators (TLP:RED, insider or HR cases).</summary>
    public bool Restricted { get; set; }
    public required string CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// When the organisation became aware of the incident, which starts the regulatory clocks; may be earlier than
    /// <see cref="CreatedAt"/> (the incident was opened later). Null: at creation.
    /// </summary>
    public DateTimeOffset? AwareAt { get; set; }

    /// <summary>When it first left open (the acknowledge SLA's end); kept when it is reopened.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When it was last resolved or closed (the resolve SLA's end); cleared when it is reopened.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>
    /// Its history's first entry into containment and first resolution (MTTC, MTTR): kept by the store's triggers on
    /// <see cref="IncidentEvent"/> (<see cref="Compliance.IncidentClockTriggers"/>), never written by the app.
    /// </summary>
    public DateTimeOffset? FirstContainedAt { get; set; }

    /// <inheritdoc cref="FirstContainedAt"/>
    public DateTimeOffset? FirstResolvedAt { get; set; }

    /// <summary>Personal data is involved: GDPR Art. 33's 72-hour clock runs (<see cref="Regulatory.RegulatoryDeadlines"/>).</summary>
    public bool PersonalData { get; set; }

    /// <summary>NIS2 reporting applies (an essential or important entity's significant incident): its three clocks run.</summary>
    public bool Nis2 { get; set; }

    /// <summary>ATT&amp;CK tactic ids separated by spaces, in kill-chain order (<see cref="IncidentClassification"/>).</summary>
    public string MitreTactics { get; set; } = "";

    /// <summary>ATT&amp;CK technique ids (T1566, T1566.001) separated by spaces.</summary>
    public string MitreTechniques { get; set; } = "";

    /// <summary>The OWASP Top 10 (2021) category (A01 to A10) where one applies.</summary>
    public string? OwaspCategory { get; set; }

    /// <summary>Affected assets (hosts, services, data stores), one per line.</summary>
    public string AffectedAssets { get; set; } = "";

    /// <summary>Optimistic concurrency: an edit names the version it was made on, and a stale one is refused.</summary>
    public int Version { get; set; }
}

public enum IncidentEventKind
{
    Created = 0,
    StatusChanged = 1,
    PhaseChanged = 2,
    AssigneeChanged = 3,
    Note = 4,
    AlertsLinked = 5,
    SeverityChanged = 6,
    AccessChanged = 7,
    ObservablesAdded = 8,
    RegulatoryChanged = 9,

    /// <summary>A regulatory notification was sent (its <see cref="IncidentEvent.OccurredAt"/> is when).</summary>
    NotificationRecorded = 10,

    /// <summary>Something a responder put on the timeline at the time it happened (<see cref="IncidentEvent.OccurredAt"/>).</summary>
    TimelineEvent = 11,

    /// <summary>Evidence files' chain of custody (Features/Evidence): uploaded, downloaded, a download refused on a hash mismatch.</summary>
    EvidenceUploaded = 12,
    EvidenceDownloaded = 13,
    EvidenceDownloadRefused = 14,

    /// <summary>The post-incident review saved (Features/Reviews).</summary>
    ReviewSaved = 15,

    /// <summary>ATT&amp;CK, OWASP or affected assets changed.</summary>
    Classified = 16,

    /// <summary>
    /// A message sent about the incident (Features/Communications): <see cref="IncidentEvent.OccurredAt"/> is when it was
    /// sent, <see cref="IncidentEvent.Text"/> a small JSON document with audience, channel, subject and body.
    /// </summary>
    CommunicationSent = 20,

    // Playbook and task events (Features/Playbooks), numbered apart so other incident events can grow below them.
    PlaybookAttached = 100,
    TaskCompleted = 101,
    TaskSkipped = 102,
    TaskReopened = 103,
    TaskAssigned = 104,
    WebhookCalled = 105,

    /// <summary>An automated step (enrichment, threat intelligence) ran or could not run.</summary>
    AutomatedStepRan = 106,
}

/// <summary>One entry of the incident's own history (notes and changes), never edited; linked alerts are those whose <see cref="Alert.IncidentId"/> names it.</summary>
public sealed class IncidentEvent
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>When the thing happened, when that is not when it was recorded (a notification sent earlier); null: <see cref="At"/>.</summary>
    public DateTimeOffset? OccurredAt { get; set; }

    public IncidentEventKind Kind { get; set; }
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>The note's Markdown, or the change as words ("Open → In progress").</summary>
    public string Text { get; set; } = "";
}

/// <summary>A person named on an incident: on a restricted incident, the named members are who may see it.</summary>
public sealed class IncidentMember
{
    public long IncidentId { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
}
