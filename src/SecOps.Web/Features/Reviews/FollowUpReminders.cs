using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Reviews;

/// <summary>
/// Reminds follow-up owners once their follow-up is overdue: each open follow-up task past its due time is marked
/// reminded (once; reopening it or moving its date arms the reminder again), announced as a <c>tasks</c> change so open
/// task lists flag it overdue at once, and recorded in the audit trail as <c>incident.follow-up.overdue</c> naming the
/// owner by id. That record and the overdue flag are the reminder: there is no per-person mail channel for tasks yet
/// (on-call paging mails only the rota).
/// </summary>
public sealed class FollowUpReminders(StoreWriter writer, AuditTrail audit, TimeProvider time, ILogger<FollowUpReminders> logger) : BackgroundService
{
    public static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    /// <summary>Marks and records the follow-ups overdue now; returns their task ids.</summary>
    public async Task<IReadOnlyList<long>> RemindAsync(CancellationToken cancellationToken)
    {
        List<(long Task, long Incident, string? Owner)> due = [];
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            var now = changes.Now;
            var overdue = await db.IncidentTasks
                .Where(t => t.FollowUpId != null && t.State == TaskState.Open && t.RemindedAt == null && t.DueAt < now)
                .OrderBy(t => t.Id).Take(500).ToListAsync(ct);
            foreach (var task in overdue)
            {
                task.RemindedAt = now;
                changes.AddTask(task.Id);
                due.Add((task.Id, task.IncidentId, task.AssigneeId));
            }
            return true;
        }, cancellationToken);
        foreach (var (task, incident, owner) in due)
        {
            await audit.AppendAsync(Actor.System, "incident.follow-up.overdue", "task:" + task,
                $"incident:{incident} owner user:{owner}", AuditOutcome.Success, cancellationToken);
        }
        return [.. due.Select(d => d.Task)];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LookEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RemindAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Overdue follow-ups could not be checked; tried again in a minute");
            }
        }
    }
}
