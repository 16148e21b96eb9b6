using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Components.Shared;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// Sends the reports that are due, every <see cref="ReportsOptions.Interval"/>. Each subscription is claimed first (one
/// conditional UPDATE), so of several instances only one sends it. The report is computed as the subscriber would see it
/// on the page (their roles from their account now, so restricted incidents only when they may see them) and mailed to
/// the address on their account now. Every sending is audited as <c>report.sent</c> without the address; the next due
/// time moves on only after a success, so a failed sending is retried: one interval later, then twice as long after
/// each failure in a row up to <see cref="ReportsOptions.MaxRetryWait"/>, so a mail server that stays down is not
/// hammered and the audit trail gets one failure per retry, not one per round.
/// </summary>
public sealed class ReportDelivery(
    IDbContextFactory<SecOpsDbContext> contexts,
    ReportQueries reports,
    EmailSender email,
    AuditTrail audit,
    IOptions<ReportsOptions> options,
    TimeProvider time,
    ILogger<ReportDelivery> logger) : BackgroundService
{
    public const string Action = "report.sent";

    /// <summary>How a round went: sent, failed (retried next round), and skipped (the subscriber cannot receive it).</summary>
    public sealed record Round(int Sent, int Failed, int Skipped);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Looking for due reports failed; it is retried in {Interval}", options.Value.Interval);
            }
        }
    }

    /// <summary>Sends every report due now, one after another.</summary>
    public async Task<Round> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!email.IsConfigured)
        {
            return new Round(0, 0, 0);
        }
        var now = time.GetUtcNow();
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.ReportSubscriptions.Where(s => s.NextDueAt <= now && (s.SendingUntil == null || s.SendingUntil <= now))
                .OrderBy(s => s.NextDueAt).Select(s => s.Id).ToListAsync(cancellationToken);
        }
        int sent = 0, failed = 0, skipped = 0;
        foreach (var id in due)
        {
            switch (await SendAsync(id, cancellationToken))
            {
                case AuditOutcome.Success: sent++; break;
                case AuditOutcome.Failed: failed++; break;
                case AuditOutcome.Refused: skipped++; break;
            }
        }
        return new Round(sent, failed, skipped);
    }

    /// <summary>Claims, sends and records one subscription; null when another instance has it or it is no longer due.</summary>
    private async Task<AuditOutcome?> SendAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimUntil = now + options.Value.ClaimFor;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ReportSubscriptions.Where(s => s.Id == id && s.NextDueAt <= now && (s.SendingUntil == null || s.SendingUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SendingUntil, claimUntil), cancellationToken) != 1)
        {
            return null;
        }
        var subscription = await db.ReportSubscriptions.AsNoTracking().FirstAsync(s => s.Id == id, cancellationToken);
        var target = "report-subscription:" + id;
        var zone = TimeZones.FindOrUtc(subscription.TimeZone);
        var next = ReportSchedule.NextDue(subscription.Cadence, subscription.Day, options.Value.SendAt, zone, now);
        var what = $"{subscription.Cadence.ToString().ToLowerInvariant()} report to user:{subscription.UserId}";

        var (subscriber, address, refusal) = await SubscriberAsync(db, subscription.UserId, now, cancellationToken);
        if (refusal is not null)
        {
            // Nothing to retry until the account changes: the subscription waits for its next due time.
            await db.ReportSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.NextDueAt, next).SetProperty(x => x.SendingUntil, (DateTimeOffset?)null).SetProperty(x => x.LastFailure, refusal), cancellationToken);
            await audit.AppendAsync(Actor.System, Action, target, $"{what} not sent: {refusal}", AuditOutcome.Refused, cancellationToken);
            return AuditOutcome.Refused;
        }
        try
        {
            var range = ReportSchedule.Range(subscription.Period, zone, now);
            var report = await reports.LoadAsync(subscriber!, range, cancellationToken);
            using var message = ReportEmail.Message(report, email.From, address!, subscriber!.Name);
            await email.SendAsync(message, cancellationToken);
            await db.ReportSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastSentAt, now).SetProperty(x => x.NextDueAt, next)
                .SetProperty(x => x.SendingUntil, (DateTimeOffset?)null).SetProperty(x => x.LastFailure, (string?)null)
                .SetProperty(x => x.FailuresInARow, 0), CancellationToken.None);
            await audit.AppendAsync(Actor.System, Action, target,
                $"{what}: {range.Key}, {report.Tables.Count} CSV and 1 XLSX attached; next due {next:u}", AuditOutcome.Success, CancellationToken.None);
            return AuditOutcome.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's type, not its message: a mail server's answer can quote the address.
            var failure = "sending failed (" + e.GetType().Name + ")";
            var failures = subscription.FailuresInARow + 1;
            var retryAt = now + RetryWait(failures, options.Value);
            logger.LogWarning(e, "Sending report subscription {Subscription} failed ({Failures} in a row); it is retried at {RetryAt:u}", id, failures, retryAt);
            await db.ReportSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.SendingUntil, retryAt).SetProperty(x => x.LastFailure, failure).SetProperty(x => x.FailuresInARow, failures), CancellationToken.None);
            await audit.AppendAsync(Actor.System, Action, target, $"{what} {failure}, {failures} in a row; retried at {retryAt:u}", AuditOutcome.Failed, CancellationToken.None);
            return AuditOutcome.Failed;
        }
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row: the interval, doubled each time, at most the maximum.</summary>
    public static TimeSpan RetryWait(int failures, ReportsOptions options)
    {
        var doublings = Math.Min(failures - 1, 30);
        var wait = options.Interval * Math.Pow(2, doublings);
        return wait < options.MaxRetryWait ? wait : options.MaxRetryWait;
    }

    /// <summary>
    /// The subscriber as an actor with the permissions their account's roles grant now, and their address now; or why
    /// nothing may be sent to them (account disabled or locked, no address, no longer allowed to read reports).
    /// </summary>
    private static async Task<(Actor? Actor, string? Address, string? Refusal)> SubscriberAsync(SecOpsDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.Email, u.EmailConfirmed, u.LockoutEnd }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return (null, null, "the account no longer exists");
        }
        if (AccountChanges.IsDisabled(user.LockoutEnd) || user.LockoutEnd > now)
        {
            return (null, null, "the account is disabled or locked out");
        }
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return (null, null, "the account has no email address");
        }
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).ToListAsync(cancellationToken);
        var permissions = roles.Where(r => r is not null).SelectMany(r => PermissionTable.ForRole(r!)).ToHashSet();
        var name = DisplayText.CleanUserText(string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName, DisplayText.ShortField)!;
        var actor = new Actor(user.Id, name, permissions);
        if (!actor.Can(Permission.ReportsRead) || !actor.Can(Permission.MetricsRead))
        {
            return (null, null, "the account's role no longer reads reports");
        }
        return (actor, user.Email, null);
    }
}
