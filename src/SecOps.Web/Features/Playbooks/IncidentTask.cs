using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>A playbook version attached to an incident; its steps became the incident's tasks.</summary>
public sealed class IncidentPlaybook
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long PlaybookVersionId { get; set; }
    public required string PlaybookKey { get; set; }
    public required string PlaybookName { get; set; }
    public int Version { get; set; }
    public DateTimeOffset AttachedAt { get; set; }
    public required string AttachedById { get; set; }
    public required string AttachedByName { get; set; }
}

public enum TaskState
{
    Open = 0,
    Done = 1,
    Skipped = 2,
}

/// <summary>
/// One step of an attached playbook, worked on the incident: a copy of the step as it was in the attached version,
/// its due time (attachment plus the step's SLA), assignee, and how it was closed (who, when, evidence or the reason
/// for skipping). Or a post-incident review's follow-up (<see cref="FollowUpId"/>; no playbook), kept in step with the
/// review by <see cref="Reviews.PostIncidentReviews"/>. Worked only through <see cref="PlaybookRunner"/>, on the version the responder saw.
/// </summary>
public sealed class IncidentTask
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    /// <summary>The attached playbook the step came from; null for a review follow-up.</summary>
    public long? IncidentPlaybookId { get; set; }

    /// <summary>The review follow-up this task is (its action, owner and due date); null for a playbook step.</summary>
    public long? FollowUpId { get; set; }

    /// <summary>When the owner was reminded that this task is overdue (once; reopening or a new due date clears it).</summary>
    public DateTimeOffset? RemindedAt { get; set; }

    public required string StepKey { get; set; }
    public IncidentPhase Phase { get; set; }

    /// <summary>The step's place in its playbook (phases in order, steps in order).</summary>
    public int Position { get; set; }

    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public required string OwnerRole { get; set; }

    /// <summary>Checklist items, one per line (items are single lines).</summary>
    public string Checklist { get; set; } = "";

    /// <summary>The evidence kinds required, comma-separated wire names.</summary>
    public string Evidence { get; set; } = "";

    public int SlaMinutes { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public TaskState State { get; set; }
    public string? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedById { get; set; }
    public string? ClosedByName { get; set; }
    public string? EvidenceNote { get; set; }
    /// <summary>The evidence file given, as text: its name and SHA-256 when linked (kept if the file goes), or an older free-text reference.</summary>
    public string? EvidenceFile { get; set; }

    /// <summary>The incident's evidence file a step requiring one was completed with (one of the same incident's).</summary>
    public long? EvidenceFileId { get; set; }
    public string? EvidenceObservable { get; set; }
    public string? SkipReason { get; set; }

    /// <summary>Optimistic concurrency: a change names the version it was made on.</summary>
    public int Version { get; set; }
}
