using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.OnCall;

/// <summary>
/// Raises one page (claims its row, emails the person, audits it) and retries pages whose email did not go out. The
/// email goes through the automation's mail server and its encoding (<see cref="EmailNotification"/>): alert fields
/// are attacker-controlled. A restricted or TLP:RED incident is paged by number only; its title stays in the app.
/// </summary>
public sealed class PageDelivery(
    IDbContextFactory<SecOpsDbContext> contexts,
    EmailSender email,
    PageAcknowledgeLinks links,
    AuditTrail audit,
    IOptions<OnCallPagingOptions> options,
    TimeProvider time,
    ILogger<PageDelivery> logger)
{
    public const string PageAction = "oncall.page";
    public const string EscalateAction = "oncall.escalate";

    public static string Target(PageSubject subject, long id) => (subject == PageSubject.Alert ? "alert:" : "incident:") + id.ToString(CultureInfo.InvariantCulture);

    public static string Why(PageReason reason) => reason switch
    {
        PageReason.CriticalAlert => "critical alert",
        PageReason.AlertSlaBreached => "alert SLA breached",
        PageReason.AlertResolveBreached => "alert resolve target breached",
        PageReason.IncidentResolveBreached => "incident resolve target breached",
        _ => "incident SLA breached",
    };

    /// <summary>Whether the page is about a subject not resolved in time (handled once it is closed or resolved), not one nobody took on.</summary>
    public static bool IsResolveBreach(PageReason reason) => reason is PageReason.AlertResolveBreached or PageReason.IncidentResolveBreached;

    /// <summary>Pages <paramref name="person"/> at <paramref name="level"/>; false when that level was paged already (by this or another instance).</summary>
    public async Task<bool> PageAsync(PageSubject subject, long subjectId, PageReason reason, string team, int level, string person, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var page = new DutyPage
        {
            Subject = subject, SubjectId = subjectId, Reason = reason, Team = team, Level = level, Person = person, PagedAt = now,
            SendingUntil = now + options.Value.ClaimFor,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.OnCallPages.Add(page);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The unique key: this level of this chain has been paged.
                return false;
            }
        }
        await SendAsync(page, firstAttempt: true, cancellationToken);
        return true;
    }

    /// <summary>Pages still open whose email has not gone out and nobody is sending now: claimed one by one and sent again.</summary>
    public async Task RetryUnsentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unsent = await db.OnCallPages.AsNoTracking()
            .Where(p => p.SentAt == null && p.AcknowledgedAt == null && (p.SendingUntil == null || p.SendingUntil < now))
            .OrderBy(p => p.Id).Take(options.Value.MaxNewPagesPerRound).ToListAsync(cancellationToken);
        foreach (var page in unsent)
        {
            var claimUntil = now + options.Value.ClaimFor;
            if (await db.OnCallPages.Where(p => p.Id == page.Id && p.SentAt == null && (p.SendingUntil == null || p.SendingUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.SendingUntil, claimUntil), cancellationToken) == 1)
            {
                await SendAsync(page, firstAttempt: false, cancellationToken);
            }
        }
    }

    private async Task SendAsync(DutyPage page, bool firstAttempt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var who = $"{page.Person} (team {page.Team}, level {page.Level}{(page.Level == 0 ? ": on duty" : ": nobody acknowledged within " + options.Value.AcknowledgeWithin)})";
        var action = page.Level == 0 ? PageAction : EscalateAction;
        var target = Target(page.Subject, page.SubjectId);
        string? failure = null;
        if (await AddressAsync(db, page.Person, cancellationToken) is not { } address)
        {
            failure = "no email address for that person";
        }
        else
        {
            try
            {
                var notification = await NotificationAsync(db, page, links.For(page.Id), cancellationToken);
                using var message = EmailNotification.Message(notification, email.From, [address]);
                await email.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The exception's type, not its message: a mail server's answer can quote the address.
                failure = "sending failed (" + e.GetType().Name + ")";
                logger.LogWarning(e, "On-call page {Page} ({Target}) not emailed; it is retried next round", page.Id, target);
            }
        }
        if (failure is null)
        {
            await db.OnCallPages.Where(p => p.Id == page.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.SentAt, time.GetUtcNow()).SetProperty(p => p.SendingUntil, (DateTimeOffset?)null).SetProperty(p => p.LastFailure, (string?)null), CancellationToken.None);
            await audit.AppendAsync(Actor.System, action, target, $"{Why(page.Reason)}: paged {who}; email sent", AuditOutcome.Success, CancellationToken.None);
            return;
        }
        await db.OnCallPages.Where(p => p.Id == page.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.SendingUntil, (DateTimeOffset?)null).SetProperty(p => p.LastFailure, failure), CancellationToken.None);
        if (firstAttempt)
        {
            // Retries are not audited again, so a mail server that is down does not flood the trail.
            await audit.AppendAsync(Actor.System, action, target, $"{Why(page.Reason)}: paged {who}; email not sent: {failure}; retried each round",
                AuditOutcome.Failed, CancellationToken.None);
        }
    }

    /// <summary>The rota names people by user name or email: the account's address when there is an account, else the name itself when it is an address.</summary>
    private static async Task<string?> AddressAsync(SecOpsDbContext db, string person, CancellationToken cancellationToken)
    {
        var normalised = person.ToUpperInvariant();
        var account = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalised || u.NormalizedEmail == normalised)
            .Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(account))
        {
            return account;
        }
        return person.Contains('@') && MailboxAddress.TryParse(person, out _) ? person : null;
    }

    private static async Task<Notification> NotificationAsync(SecOpsDbContext db, DutyPage page, string? acknowledgeLink, CancellationToken cancellationToken)
    {
        var why = Why(page.Reason);
        (string, string?)[] chain = [("Team", page.Team), ("Escalation level", page.Level == 0 ? "0 (on duty)" : page.Level.ToString(CultureInfo.InvariantCulture)),
            ("Acknowledge", "on the On call page (/on-call) of SecOps, or by " + (IsResolveBreach(page.Reason) ? "closing the " : "taking the ")
                + (page.Subject == PageSubject.Alert ? "alert" : "incident") + (IsResolveBreach(page.Reason) ? "" : " on") + " in the app"),
            ("Acknowledge with this link (sign in as yourself)", acknowledgeLink)];
        if (page.Subject == PageSubject.Alert)
        {
            var alert = await db.Alerts.AsNoTracking().Where(a => a.Id == page.SubjectId).Select(AlertView.Projection).FirstOrDefaultAsync(cancellationToken);
            if (alert is null)
            {
                return Notification.Of($"[SecOps] Page ({why}): alert {page.SubjectId}", [("Why", why), ("Alert id", page.SubjectId.ToString(CultureInfo.InvariantCulture)), .. chain]);
            }
            var headline = page.Reason == PageReason.CriticalAlert ? $"[SecOps] Page ({why}): {alert.RuleName}" : $"[SecOps] Page ({why}): {alert.Severity} alert: {alert.RuleName}";
            return Notification.Of(headline,
                [("Why", why), ("Rule", alert.RuleName), ("Severity", alert.Severity), ("Reason", alert.Reason), ("Host", alert.HostName), ("User", alert.UserName),
                 ("Source IP", alert.SourceIp), ("Alert time", alert.AlertTime.ToString("u", CultureInfo.InvariantCulture)),
                 ("Alert id", alert.Id.ToString(CultureInfo.InvariantCulture)), .. chain]);
        }
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == page.SubjectId, cancellationToken);
        var number = $"incident {page.SubjectId}";
        // Need-to-know: a restricted or TLP:RED incident's title does not leave the app.
        var title = incident is null || incident.Restricted || incident.Tlp == Tlp.Red ? null : incident.Title;
        return Notification.Of($"[SecOps] Page ({why}): {(incident is null ? "" : AlertVocabulary.ToWire(incident.Severity) + " ")}{number}{(title is null ? "" : ": " + title)}",
            [("Why", why), ("Title", title), ("Severity", incident is null ? null : AlertVocabulary.ToWire(incident.Severity)),
             ("Created", incident?.CreatedAt.ToString("u", CultureInfo.InvariantCulture)), ("Incident id", page.SubjectId.ToString(CultureInfo.InvariantCulture)), .. chain]);
    }
}
