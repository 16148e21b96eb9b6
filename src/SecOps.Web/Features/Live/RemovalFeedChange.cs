using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Live;

/// <summary>
/// A committed deletion of an incident (<see cref="ChangeKind.IncidentDeleted"/>, <see cref="Id"/> the incident's id) or of
/// a task (<see cref="ChangeKind.TaskDeleted"/>, <see cref="Id"/> the task's id), with who may hear of it: the audience its
/// incident had (from the tombstone once the incident is gone). Never hand it to anyone without <see cref="IncidentAccess.CanSee"/>.
/// </summary>
public sealed record RemovalFeedChange(long Seq, ChangeKind Kind, long Id, long IncidentId, IncidentAudience Audience)
{
    /// <summary>The hub event it goes out as: <c>incidents</c> or <c>tasks</c>.</summary>
    public string HubMethod => Kind == ChangeKind.IncidentDeleted ? "incidents" : "tasks";
}
