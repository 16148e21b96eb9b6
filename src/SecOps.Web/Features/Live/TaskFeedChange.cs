using SecOps.Web.Data;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Live;

/// <summary>
/// A committed change of one incident task as the live feed delivers it: its number, the task after it, and who may see
/// its incident. Never hand it to anyone without <see cref="IncidentAccess.CanSee"/>.
/// </summary>
public sealed record TaskFeedChange(long Seq, TaskDocument Task, IncidentAudience Audience)
{
    /// <summary>The tasks as they are now, each with its incident's audience; a task whose incident is gone is left out.</summary>
    public static async Task<Dictionary<long, (TaskDocument Task, IncidentAudience Audience)>> LoadAsync(SecOpsDbContext db, IReadOnlyCollection<long> taskIds,
        CancellationToken cancellationToken)
    {
        var tasks = await TaskDocument.ByIdAsync(db, taskIds, cancellationToken);
        var audiences = tasks.Count == 0 ? [] : await IncidentViews.AudiencesAsync(db, [.. tasks.Values.Select(t => t.IncidentId)], cancellationToken);
        return tasks.Where(t => audiences.ContainsKey(t.Value.IncidentId)).ToDictionary(t => t.Key, t => (t.Value, audiences[t.Value.IncidentId]));
    }
}
