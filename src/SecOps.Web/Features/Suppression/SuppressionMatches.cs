using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Suppression;

/// <summary>
/// What a suppression rule would match among the alerts already stored (a rule itself acts only on new alerts), and
/// closing those matches when the rule is created: the close goes through <see cref="AlertTriage.BulkAsync"/>, so every
/// closed alert gets its history entry and change-feed entry, and the bulk close its audit record, like any other.
/// </summary>
public sealed class SuppressionMatches(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, Suppressions suppressions, AlertTriage triage)
{
    /// <summary>Stored alerts the rule's values match, and how many of them are not closed (what "close them too" closes).</summary>
    public sealed record Preview(int Matching, int NotClosed);

    /// <summary>The created rule, and the bulk close of its stored matches when one was asked for.</summary>
    public sealed record Outcome(SuppressionRule Rule, BulkOutcome? Closed)
    {
        /// <summary>What the person is told: what new matches will do, and how many stored ones were closed.</summary>
        public string Describe() =>
            $"New alerts like this are {(Rule.AutoClose ? "closed as benign" : "kept out of the queue")} until {Rule.ExpiresAt:yyyy-MM-dd}."
            + (Closed is { } closed ? $" Closed {closed.Changed:N0} stored {(closed.Changed == 1 ? "alert" : "alerts")}." : "");
    }

    public async Task<Preview> PreviewAsync(Actor actor, Suppressions.Draft draft, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "suppression.preview", null, cancellationToken);
        if (!NamesAValue(draft))
        {
            return new Preview(0, 0);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db.Alerts.AsNoTracking(), draft);
        var all = await matching.CountAsync(cancellationToken);
        var notClosed = all == 0 ? 0 : await matching.CountAsync(a => a.Status != AlertStatus.Closed, cancellationToken);
        return new Preview(all, notClosed);
    }

    /// <summary>
    /// Creates the rule (see <see cref="Suppressions.CreateAsync"/>); with <paramref name="closeMatchesAs"/>, then closes
    /// the stored alerts it matches that are not closed yet, with that reason and a comment naming the rule.
    /// </summary>
    public async Task<Outcome> SuppressAsync(Actor actor, Suppressions.Draft draft, CloseReason? closeMatchesAs, CancellationToken cancellationToken)
    {
        if (closeMatchesAs is not null)
        {
            // Refused before the rule exists, so a role that may not close alerts creates nothing half-way.
            await access.RequireAsync(actor, Permission.AlertsTriage, "alert.close.bulk", null, cancellationToken);
        }
        var rule = await suppressions.CreateAsync(actor, draft, cancellationToken);
        if (closeMatchesAs is not { } reason)
        {
            return new Outcome(rule, null);
        }
        List<long> ids;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ids = await Matching(db.Alerts.AsNoTracking(), draft).Where(a => a.Status != AlertStatus.Closed).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        if (ids.Count == 0)
        {
            return new Outcome(rule, new BulkOutcome(0, 0));
        }
        var comment = $"Closed with suppression rule {rule.Id}: {rule.Reason}";
        return new Outcome(rule, await triage.BulkAsync(actor, BulkTarget.Selection(ids), TriageAction.Close, reason, comment, cancellationToken));
    }

    /// <summary>The alerts a rule with these values matches: every value it names equal, as <see cref="SuppressionRule.Matches"/> decides.</summary>
    public static IQueryable<Alert> Matching(IQueryable<Alert> alerts, Suppressions.Draft draft)
    {
        if (draft.RuleName is { } rule)
        {
            alerts = alerts.Where(a => a.RuleName == rule);
        }
        if (draft.HostName is { } host)
        {
            alerts = alerts.Where(a => a.HostName == host);
        }
        if (draft.UserName is { } user)
        {
            alerts = alerts.Where(a => a.UserName == user);
        }
        if (draft.SourceIp is { } ip)
        {
            alerts = alerts.Where(a => a.SourceIp == ip);
        }
        return alerts;
    }

    private static bool NamesAValue(Suppressions.Draft draft) => (draft.RuleName ?? draft.HostName ?? draft.UserName ?? draft.SourceIp) is not null;
}
