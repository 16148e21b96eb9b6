namespace SecOps.Web.Features.Live;

/// <summary>
/// One row of the change feed. <see cref="Seq"/> is assigned inside the writing transaction under the
/// store's single write lock, so numbers become visible in order and without gaps.
/// </summary>
public sealed class ChangeFeedEntry
{
    public long Seq { get; set; }
    public ChangeKind Kind { get; set; }
    public long EntityId { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum ChangeKind
{
    AlertCreated = 1,
    AlertUpdated = 2,
    AlertTriaged = 3,

    /// <summary>A note was added to the alert (its triage state is unchanged).</summary>
    AlertNoted = 4,

    /// <summary>The alert was escalated into an incident (its triage state is unchanged).</summary>
    AlertEscalated = 5,

    /// <summary>An incident was created or changed; <see cref="ChangeFeedEntry.EntityId"/> is the incident's id.</summary>
    IncidentChanged = 6,

    /// <summary>An incident's task was created or changed; <see cref="ChangeFeedEntry.EntityId"/> is the task's id.</summary>
    TaskChanged = 7,

    /// <summary>
    /// The alert was deleted by the retention purge (Features/Retention); always numbered as a bulk range, so views reload
    /// what they show and drop rows that no longer exist. A replay finds no alert for it and skips the number.
    /// </summary>
    AlertPurged = 8,

    /// <summary>
    /// The incident was deleted (approved deletion or retention purge); <see cref="ChangeFeedEntry.EntityId"/> is the incident's id.
    /// Who may hear of it is kept in its tombstone (<see cref="Incidents.IncidentTombstone"/>), since its rows are gone.
    /// Its tasks went with it and are not announced one by one.
    /// </summary>
    IncidentDeleted = 9,

    /// <summary>
    /// An incident's task was deleted (a follow-up removed from a review); <see cref="ChangeFeedEntry.EntityId"/> is the task's id,
    /// its incident is kept in its tombstone (<see cref="Incidents.TaskTombstone"/>).
    /// </summary>
    TaskDeleted = 10,
}

public static class ChangeKinds
{
    /// <summary>The kinds whose entity is not an alert (for queries, which cannot call <see cref="IsAlert"/>).</summary>
    public static readonly ChangeKind[] NotAlerts = [ChangeKind.IncidentChanged, ChangeKind.TaskChanged, ChangeKind.IncidentDeleted, ChangeKind.TaskDeleted];

    /// <summary>Whether an entry's entity is an alert (incident and task entries name their own ids).</summary>
    public static bool IsAlert(this ChangeKind kind) => !NotAlerts.Contains(kind);

    /// <summary>Whether an entry announces a deletion (the hub's <c>{ "id", "deleted": true }</c> item).</summary>
    public static bool IsRemoval(this ChangeKind kind) => kind is ChangeKind.IncidentDeleted or ChangeKind.TaskDeleted;
}
