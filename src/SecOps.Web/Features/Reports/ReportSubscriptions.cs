using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Components.Shared;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// A person's own subscription to the report by email: read, subscribe (or change it), unsubscribe. Each needs
/// <see cref="Permission.ReportsRead"/>, the permission to read what is sent: managers have it although they change no
/// operational or compliance data, because a subscription is a personal setting about the subscriber's own mail, like
/// their time zone. Only a signed-in person subscribes (not an API key), and only themselves.
/// </summary>
public sealed class ReportSubscriptions(
    IDbContextFactory<SecOpsDbContext> contexts,
    AccessGuard access,
    AuditTrail audit,
    UserPreferences preferences,
    EmailSender email,
    IOptions<ReportsOptions> options,
    TimeProvider time)
{
    /// <summary>What the page shows of a subscription.</summary>
    public sealed record View(ReportCadence Cadence, int Day, ReportPeriod Period, string TimeZone, DateTimeOffset NextDueAt, DateTimeOffset? LastSentAt, string? LastFailure);

    /// <summary>Whether reports can be sent at all (a mail server is configured).</summary>
    public bool CanSend => email.IsConfigured;

    public async Task<View?> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "reports.subscription", null, cancellationToken);
        if (actor.PersonId is not { } person || person != actor.Id)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReportSubscriptions.AsNoTracking().Where(s => s.UserId == person)
            .Select(s => new View(s.Cadence, s.Day, s.Period, s.TimeZone, s.NextDueAt, s.LastSentAt, s.LastFailure)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Subscribes the person, or changes their subscription: weekly covers the last 7 days, monthly the last calendar month.</summary>
    public async Task<View> SubscribeAsync(Actor actor, ReportCadence cadence, int day, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "reports.subscribe", null, cancellationToken);
        var person = Person(actor);
        if (!ReportSchedule.IsValidDay(cadence, day))
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, cadence == ReportCadence.Weekly ? "A weekday is 0 (Sunday) to 6." : "A day of the month is 1 to 31.");
        }
        if (!CanSend)
        {
            throw new InvalidOperationException("No mail server is configured, so reports cannot be sent.");
        }
        var zone = await preferences.TimeZoneAsync(actor, cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await db.ReportSubscriptions.FirstOrDefaultAsync(s => s.UserId == person, cancellationToken);
        if (subscription is null)
        {
            subscription = new ReportSubscription { UserId = person, TimeZone = TimeZones.Name(zone), CreatedAt = now };
            db.ReportSubscriptions.Add(subscription);
        }
        subscription.Cadence = cadence;
        subscription.Day = day;
        subscription.Period = cadence == ReportCadence.Weekly ? ReportPeriod.Last7Days : ReportPeriod.LastCalendarMonth;
        subscription.TimeZone = TimeZones.Name(zone);
        subscription.NextDueAt = ReportSchedule.NextDue(cadence, day, options.Value.SendAt, zone, now);
        subscription.LastFailure = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, "report.subscribe", "report-subscription:" + subscription.Id, Describe(cadence, day), AuditOutcome.Success, cancellationToken);
        return new View(subscription.Cadence, subscription.Day, subscription.Period, subscription.TimeZone, subscription.NextDueAt, subscription.LastSentAt, null);
    }

    /// <summary>Ends the person's subscription; nothing more is sent. False when there was none.</summary>
    public async Task<bool> UnsubscribeAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "reports.unsubscribe", null, cancellationToken);
        var person = Person(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.ReportSubscriptions.Where(s => s.UserId == person).Select(s => s.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return false;
        }
        await db.ReportSubscriptions.Where(s => s.UserId == person).ExecuteDeleteAsync(cancellationToken);
        await audit.AppendAsync(actor, "report.unsubscribe", "report-subscription:" + ids[0], null, AuditOutcome.Success, cancellationToken);
        return true;
    }

    /// <summary>"weekly on Monday", "monthly on day 31 (or the month's last day)".</summary>
    public static string Describe(ReportCadence cadence, int day) => cadence == ReportCadence.Weekly
        ? $"weekly on {(DayOfWeek)day}"
        : day > 28 ? $"monthly on day {day} (or the month's last day)" : $"monthly on day {day}";

    private static string Person(Actor actor) => actor.PersonId is { } person && person == actor.Id
        ? person
        : throw new InvalidOperationException("Only a signed-in person subscribes to reports.");
}
