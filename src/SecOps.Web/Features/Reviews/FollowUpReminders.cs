using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Reviews;

/// <summary>
/// Reminds follow-up owners once their follow-up is overdue: each open follow-up task past its due time is marked
/// reminded (once; reopening it or moving its date arms the reminder again), announced as a <c>tasks</c> change so open
/// task lists flag it overdue at once, and recorded in the audit trail as <c>incident.follow-up.overdue</c> naming the
/// owner by id. When the app has a mail server (<c>SecOps:Automation:Smtp</c>) the owner is also mailed, once, at the
/// address of their account (the incident's title and the task's as plain values, encoded for each part of the mail);
/// the audit record says whether the mail went out. A mail that fails is not tried again: the flag and the record stay.
/// </summary>
public sealed class FollowUpReminders(StoreWriter writer, AuditTrail audit, EmailSender mail, TimeProvider time, ILogger<FollowUpReminders> logger) : BackgroundService
{
    public static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    /// <summary>Marks, mails and records the follow-ups overdue now; returns their task ids.</summary>
    public async Task<IReadOnlyList<long>> RemindAsync(CancellationToken cancellationToken)
    {
        List<Overdue> due = [];
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            var now = changes.Now;
            var overdue = await db.IncidentTasks
                .Where(t => t.FollowUpId != null && t.State == TaskState.Open && t.RemindedAt == null && t.DueAt < now)
                .OrderBy(t => t.Id).Take(500).ToListAsync(ct);
            var incidents = overdue.Select(t => t.IncidentId).Distinct().ToList();
            var titles = await db.Incidents.Where(i => incidents.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Title, ct);
            var owners = overdue.Select(t => t.AssigneeId).OfType<string>().Distinct().ToList();
            var emails = await db.Users.Where(u => owners.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
            foreach (var task in overdue)
            {
                task.RemindedAt = now;
                changes.AddTask(task.Id);
                due.Add(new(task.Id, task.IncidentId, task.AssigneeId, task.Title, titles.GetValueOrDefault(task.IncidentId, ""), task.DueAt,
                    task.AssigneeId is null ? null : emails.GetValueOrDefault(task.AssigneeId)));
            }
            return true;
        }, cancellationToken);
        foreach (var overdue in due)
        {
            var mailed = await MailAsync(overdue, cancellationToken);
            await audit.AppendAsync(Actor.System, "incident.follow-up.overdue", "task:" + overdue.Task,
                $"incident:{overdue.Incident} owner user:{overdue.Owner}" + mailed, AuditOutcome.Success, cancellationToken);
        }
        return [.. due.Select(d => d.Task)];
    }

    /// <summary>Mails the owner; what to add to the audit record about it (nothing when the app has no mail server).</summary>
    private async Task<string> MailAsync(Overdue overdue, CancellationToken cancellationToken)
    {
        if (!mail.IsConfigured)
        {
            return "";
        }
        if (overdue.Email is null)
        {
            return ", not mailed: the owner has no address";
        }
        var notification = Notification.Of($"[SecOps] Follow-up overdue: {overdue.Title}",
            ("Follow-up", overdue.Title),
            ("Incident", $"#{overdue.Incident.ToString(CultureInfo.InvariantCulture)} {overdue.IncidentTitle}"),
            ("Due", overdue.DueAt.ToString("u", CultureInfo.InvariantCulture)));
        try
        {
            await mail.SendAsync(notification, [overdue.Email], cancellationToken);
            return ", mailed";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The overdue reminder of task {Task} could not be mailed.", overdue.Task);
            return ", not mailed: " + e.GetType().Name;
        }
    }

    private sealed record Overdue(long Task, long Incident, string? Owner, string Title, string IncidentTitle, DateTimeOffset DueAt, string? Email);

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
