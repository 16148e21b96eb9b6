using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>A task as the incident page shows it; <see cref="Overdue"/> is judged at read time against the clock.</summary>
public sealed record TaskView(long Id, long? IncidentPlaybookId, string StepKey, IncidentPhase Phase, int Position, string Title, string Description,
    string OwnerRole, IReadOnlyList<string> Checklist, IReadOnlyList<EvidenceKind> Evidence, TimeSpan Sla, DateTimeOffset DueAt, TaskState State,
    string? AssigneeId, string? AssigneeName, DateTimeOffset? ClosedAt, string? ClosedByName, string? EvidenceNote, string? EvidenceFile,
    long? EvidenceFileId, string? EvidenceObservable, string? SkipReason, int Version, bool Overdue)
{
    /// <summary>Whether this is a post-incident review follow-up rather than a playbook step.</summary>
    public bool FollowUp => IncidentPlaybookId is null;

    public static TaskView From(IncidentTask t, DateTimeOffset now) => new(t.Id, t.IncidentPlaybookId, t.StepKey, t.Phase, t.Position, t.Title,
        t.Description, t.OwnerRole, t.Checklist.Length == 0 ? [] : t.Checklist.Split('\n'), TaskEvidence.Parse(t.Evidence), TimeSpan.FromMinutes(t.SlaMinutes),
        t.DueAt, t.State, t.AssigneeId, t.AssigneeName, t.ClosedAt, t.ClosedByName, t.EvidenceNote, t.EvidenceFile, t.EvidenceFileId, t.EvidenceObservable, t.SkipReason,
        t.Version, t.State == TaskState.Open && now > t.DueAt);
}

/// <summary>How far one phase is: tasks closed (done or skipped) of all, and how many are overdue.</summary>
public sealed record PhaseProgress(IncidentPhase Phase, int Closed, int Total, int Overdue)
{
    public int Percent => Total == 0 ? 0 : Closed * 100 / Total;
}

/// <summary>A playbook attached to the incident.</summary>
public sealed record AttachedPlaybook(long Id, string Key, string Name, int Version, DateTimeOffset AttachedAt, string AttachedByName);

/// <summary>Everything the incident's task panel shows.</summary>
public sealed record TaskBoard(IReadOnlyList<AttachedPlaybook> Playbooks, IReadOnlyList<TaskView> Tasks, IReadOnlyList<PhaseProgress> Progress)
{
    public static readonly TaskBoard Empty = new([], [], []);
}

/// <summary>What a responder gives when completing a task; each kind the step requires must be filled in.</summary>
/// <summary>The evidence a step is completed with: a note, one of the incident's evidence files (by id), an observable.</summary>
public sealed record TaskEvidence(string? Note = null, long? FileId = null, string? Observable = null)
{
    public static IReadOnlyList<EvidenceKind> Parse(string wire) => wire.Length == 0
        ? []
        : [.. wire.Split(',').Select(w => PlaybookVocabulary.Evidence.First(e => e.Wire == w).Value)];

    public static string Format(IEnumerable<EvidenceKind> kinds) => string.Join(',', kinds.Select(PlaybookVocabulary.ToWire));

    public string? Of(EvidenceKind kind) => kind switch
    {
        EvidenceKind.File => FileId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EvidenceKind.Observable => Observable,
        _ => Note,
    };
}

/// <summary>
/// A task change's result; on a conflict (<see cref="Stale"/>: the task changed since the responder opened it), the
/// message says what happened and nothing was saved.
/// </summary>
public sealed record TaskOutcome(bool Succeeded, string? Error, bool Stale = false)
{
    public static readonly TaskOutcome Ok = new(true, null);

    public static TaskOutcome Failed(string error) => new(false, error);

    public static TaskOutcome StaleVersion() =>
        new(false, "Someone changed this task since you opened it; nothing was saved. It now shows their change.", Stale: true);
}
