using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// Answers a framework's controls from the configured evidence selectors (<see cref="ComplianceOptions.Frameworks"/>):
/// for each selector, how many alerts, incidents or audit records of the period it finds, and the newest of them.
/// Queries are LINQ with parameters only; the selector's words are parsed into the vocabulary, and an unknown word
/// matches nothing rather than everything.
/// </summary>
public sealed class FrameworkEvidence(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, IOptions<ComplianceOptions> options,
    IOptions<RegulatoryOptions> regulatory, TimeProvider time)
{
    public const int ItemsShown = 20;

    public sealed record Item(string Id, DateTimeOffset At, string Title, string? Href);

    /// <summary>A selector's records: <see cref="Count"/> of them in all, <see cref="NotShown"/> of those restricted incidents the viewer is not on.</summary>
    public sealed record SelectorResult(EvidenceSelector Selector, long Count, IReadOnlyList<Item> Items, long NotShown = 0);

    public sealed record ControlResult(ControlDefinition Control, IReadOnlyList<SelectorResult> Evidence);

    public sealed record FrameworkResult(FrameworkDefinition Framework, MetricPeriod Period, IReadOnlyList<ControlResult> Controls);

    public IReadOnlyList<FrameworkDefinition> Frameworks => options.Value.Frameworks;

    public async Task<FrameworkResult?> LoadAsync(Actor actor, string frameworkId, MetricPeriod period, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "compliance.framework", frameworkId, cancellationToken);
        var framework = options.Value.Frameworks.FirstOrDefault(f => string.Equals(f.Id, frameworkId, StringComparison.OrdinalIgnoreCase));
        if (framework is null)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LoadAsync(db, actor, framework, period, cancellationToken);
    }

    /// <summary>Every configured framework's evidence for the period (the report), read with one permission check and one context.</summary>
    public async Task<IReadOnlyList<FrameworkResult>> LoadAllAsync(Actor actor, MetricPeriod period, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "compliance.frameworks", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var results = new List<FrameworkResult>();
        foreach (var framework in options.Value.Frameworks)
        {
            results.Add(await LoadAsync(db, actor, framework, period, cancellationToken));
        }
        return results;
    }

    private async Task<FrameworkResult> LoadAsync(SecOpsDbContext db, Actor actor, FrameworkDefinition framework, MetricPeriod period, CancellationToken cancellationToken)
    {
        var controls = new List<ControlResult>();
        foreach (var control in framework.Controls)
        {
            var results = new List<SelectorResult>();
            foreach (var selector in control.Evidence)
            {
                results.Add(await SelectAsync(db, actor, selector, period, cancellationToken));
            }
            controls.Add(new ControlResult(control, results));
        }
        return new FrameworkResult(framework, period, controls);
    }

    /// <remarks>
    /// Counts cover every record, restricted incidents included (totals stay true for managers); the items listed are
    /// only those the viewer may see (need-to-know).
    /// </remarks>
    internal async Task<SelectorResult> SelectAsync(SecOpsDbContext db, Actor actor, EvidenceSelector selector, MetricPeriod period, CancellationToken cancellationToken)
    {
        switch (selector.Kind)
        {
            case EvidenceKind.Alerts:
            {
                var query = Alerts(db, selector, period);
                var count = await query.LongCountAsync(cancellationToken);
                var items = await query.OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(ItemsShown)
                    .Select(a => new { a.Id, a.AlertTime, a.RuleName }).ToListAsync(cancellationToken);
                return new SelectorResult(selector, count, [.. items.Select(a => new Item("alert " + a.Id, a.AlertTime, a.RuleName, "/triage?q=" + Uri.EscapeDataString("id:" + a.Id)))]);
            }
            case EvidenceKind.Incidents when selector.Duty is not null:
                return await RegulatoryAsync(db, actor, selector, period, cancellationToken);
            case EvidenceKind.Incidents:
            {
                var query = Incidents(db, selector, period);
                var count = await query.LongCountAsync(cancellationToken);
                var visible = query.Visible(db, actor);
                // A viewer who sees every incident is shown all of them: no second count.
                var notShown = IncidentAccess.SeesAll(actor) ? 0 : count - await visible.LongCountAsync(cancellationToken);
                var items = await visible.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(ItemsShown)
                    .Select(i => new { i.Id, i.CreatedAt, i.Title }).ToListAsync(cancellationToken);
                return new SelectorResult(selector, count, [.. items.Select(i => new Item("incident " + i.Id, i.CreatedAt, i.Title, "/incidents/" + i.Id))], notShown);
            }
            case EvidenceKind.Accounts:
            {
                var query = Accounts(db, selector);
                var count = await query.LongCountAsync(cancellationToken);
                var items = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Take(ItemsShown)
                    .Select(u => new { u.UserName, u.CreatedAt, u.DisplayName, u.TwoFactorEnabled }).ToListAsync(cancellationToken);
                return new SelectorResult(selector, count, [.. items.Select(u => new Item(u.UserName ?? "", u.CreatedAt, $"{u.DisplayName} (MFA {(u.TwoFactorEnabled ? "on" : "off")})", null))]);
            }
            case EvidenceKind.ApiKeys:
            {
                var now = time.GetUtcNow();
                var query = db.ApiKeys.Where(k => k.RevokedAt == null && k.ExpiresAt > now);
                if (selector.OlderThanDays is { } days)
                {
                    var createdBefore = now.AddDays(-days);
                    query = query.Where(k => k.CreatedAt <= createdBefore);
                }
                var count = await query.LongCountAsync(cancellationToken);
                var items = await query.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Take(ItemsShown)
                    .Select(k => new { k.Id, k.Name, k.CreatedAt, k.ExpiresAt }).ToListAsync(cancellationToken);
                return new SelectorResult(selector, count, [.. items.Select(k => new Item("api key " + k.Id, k.CreatedAt,
                    $"{k.Name}: {(int)(now - k.CreatedAt).TotalDays} days old, expires {IncidentTime.Format(k.ExpiresAt)}", null))]);
            }
            case EvidenceKind.AccessReviews:
            {
                var count = await db.AccessReviews.LongCountAsync(r => r.CompletedAt != null, cancellationToken);
                var reviews = await Admin.AccessReviews.CompletedAsync(db, ItemsShown, cancellationToken);
                return new SelectorResult(selector, count, [.. reviews.Select(r => new Item("access review " + r.Id, r.CompletedAt!.Value,
                    $"{r.Name}: {r.Items} reviewed, {r.Revoked} revoked; started {IncidentTime.Format(r.StartedAt)}, completed by {r.CompletedBy}", null))]);
            }
            default:
            {
                var query = Audit(db, selector, period);
                var count = await query.LongCountAsync(cancellationToken);
                var items = await query.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(ItemsShown)
                    .Select(r => new { r.Id, r.At, r.Action, r.Target, r.Outcome }).ToListAsync(cancellationToken);
                return new SelectorResult(selector, count, [.. items.Select(r => new Item("audit " + r.Id, r.At, $"{r.Action} {r.Target} ({r.Outcome})".Replace("  ", " ", StringComparison.Ordinal), null))]);
            }
        }
    }

    /// <summary>
    /// Incidents a regulatory duty applies to, counted by how their deadline stands. The states come from the same
    /// <see cref="RegulatoryDeadlines"/> arithmetic as the incident page's clocks, evaluated here over the period's
    /// candidates (incidents with personal data or under NIS2: few next to alerts).
    /// </summary>
    private async Task<SelectorResult> RegulatoryAsync(SecOpsDbContext db, Actor actor, EvidenceSelector selector, MetricPeriod period, CancellationToken cancellationToken)
    {
        if (EnumName<RegulatoryDuty>(selector.Duty!) is not { } duty)
        {
            return new SelectorResult(selector, 0, []);
        }
        var query = Incidents(db, selector, period);
        query = duty == RegulatoryDuty.GdprAuthority ? query.Where(i => i.PersonalData) : query.Where(i => i.Nis2);
        var candidates = await query.Select(i => new { i.Id, i.CreatedAt, i.Title, i.AwareAt, i.PersonalData, i.Nis2 }).ToListAsync(cancellationToken);
        var ids = candidates.Select(c => c.Id).ToList();
        var notifications = (await db.IncidentNotifications.Where(n => ids.Contains(n.IncidentId)).ToListAsync(cancellationToken))
            .ToLookup(n => n.IncidentId, n => n.ToView());
        var states = Parse<DeadlineState>(selector.Deadlines, EnumName<DeadlineState>);
        var now = time.GetUtcNow();
        var matching = candidates.Where(c =>
            RegulatoryDeadlines.Evaluate(new RegulatoryFacts(c.AwareAt ?? c.CreatedAt, c.PersonalData, c.Nis2, [.. notifications[c.Id]]), now, regulatory.Value.WarnWhenRemaining)
                .FirstOrDefault(d => d.Duty == duty) is { } deadline
            && (selector.Deadlines.Count == 0 || states.Contains(deadline.State))).ToList();
        var visible = IncidentAccess.SeesAll(actor) ? null : (await query.Visible(db, actor).Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();
        var shown = matching.Where(c => visible is null || visible.Contains(c.Id)).ToList();
        var items = shown.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(ItemsShown)
            .Select(c => new Item("incident " + c.Id, c.CreatedAt, c.Title, "/incidents/" + c.Id));
        return new SelectorResult(selector, matching.Count, [.. items], matching.Count - shown.Count);
    }

    internal static IQueryable<SecOpsUser> Accounts(SecOpsDbContext db, EvidenceSelector s)
    {
        var query = db.Users.AsQueryable();
        if (s.Mfa is { } mfa)
        {
            query = query.Where(u => u.TwoFactorEnabled == mfa);
        }
        if (s.Roles.Count > 0)
        {
            var roles = s.Roles;
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
        }
        return query;
    }

    internal IQueryable<Alert> Alerts(SecOpsDbContext db, EvidenceSelector s, MetricPeriod period)
    {
        var query = s.PastPatchSla ? PastPatchSla(db, period) : db.Alerts.Where(a => a.AlertTime >= period.From && a.AlertTime < period.To);
        var rules = new List<string>(s.Rules);
        if (s.OwaspCategory is { } category)
        {
            var mapped = options.Value.Owasp.FirstOrDefault(c => string.Equals(c.Id, category, StringComparison.OrdinalIgnoreCase));
            rules.AddRange(mapped?.Rules ?? []);
            if (rules.Count == 0)
            {
                return query.Where(_ => false);
            }
        }
        if (rules.Count > 0)
        {
            query = query.Where(a => (a.RuleId != null && rules.Contains(a.RuleId)) || rules.Contains(a.RuleName));
        }
        if (s.Tactics.Count > 0)
        {
            var tactics = s.Tactics;
            query = query.Where(a => a.MitreTactic != null && tactics.Contains(a.MitreTactic));
        }
        if (s.Statuses.Count > 0)
        {
            var statuses = Parse<AlertStatus>(s.Statuses, w => AlertVocabulary.TryParseStatus(w, out var v) ? v : null);
            query = query.Where(a => statuses.Contains(a.Status));
        }
        if (s.CloseReasons.Count > 0)
        {
            var reasons = Parse<CloseReason>(s.CloseReasons, w => Enum.GetValues<CloseReason>().Cast<CloseReason?>().FirstOrDefault(r => AlertVocabulary.ToWire(r!.Value) == w || r.ToString() == w));
            query = query.Where(a => a.CloseReason != null && reasons.Contains(a.CloseReason.Value));
        }
        if (s.Severities.Count > 0)
        {
            var severities = Parse<Severity>(s.Severities, w => AlertVocabulary.TryParseSeverity(w, out var v) ? v : null);
            query = query.Where(a => severities.Contains(a.Severity));
        }
        if (s.Escalated)
        {
            query = query.Where(a => a.IncidentId != null);
        }
        return query;
    }

    /// <summary>Findings raised before the period's end, still not closed, and older than their severity's patch SLA.</summary>
    private IQueryable<Alert> PastPatchSla(SecOpsDbContext db, MetricPeriod period)
    {
        var now = time.GetUtcNow();
        var at = period.To < now ? period.To : now;
        var sla = options.Value.PatchSla;
        var (critical, high, medium, low) = (at - sla.Critical, at - sla.High, at - sla.Medium, at - sla.Low);
        return db.Alerts.Where(a => a.AlertTime < period.To && a.Status != AlertStatus.Closed
            && ((a.Severity == Severity.Critical && a.AlertTime < critical) || (a.Severity == Severity.High && a.AlertTime < high)
                || (a.Severity == Severity.Medium && a.AlertTime < medium) || (a.Severity == Severity.Low && a.AlertTime < low)));
    }

    internal static IQueryable<Incident> Incidents(SecOpsDbContext db, EvidenceSelector s, MetricPeriod period)
    {
        var query = db.Incidents.Where(i => i.CreatedAt >= period.From && i.CreatedAt < period.To);
        if (s.Phases.Count > 0)
        {
            var phases = Parse<IncidentPhase>(s.Phases, EnumName<IncidentPhase>);
            query = query.Where(i => phases.Contains(i.Phase));
        }
        if (s.Statuses.Count > 0)
        {
            var statuses = Parse<IncidentStatus>(s.Statuses, EnumName<IncidentStatus>);
            query = query.Where(i => statuses.Contains(i.Status));
        }
        if (s.Types.Count > 0)
        {
            var types = Parse<IncidentType>(s.Types, EnumName<IncidentType>);
            query = query.Where(i => types.Contains(i.Type));
        }
        if (s.Severities.Count > 0)
        {
            var severities = Parse<Severity>(s.Severities, w => AlertVocabulary.TryParseSeverity(w, out var v) ? v : null);
            query = query.Where(i => severities.Contains(i.Severity));
        }
        return query;
    }

    internal static IQueryable<AuditRecord> Audit(SecOpsDbContext db, EvidenceSelector s, MetricPeriod period)
    {
        var query = db.AuditRecords.Where(r => r.At >= period.From && r.At < period.To);
        if (s.ActionPrefixes.Count > 0)
        {
            // One LIKE per prefix (EF escapes the pattern), OR-ed together.
            var any = s.ActionPrefixes.Select(p => (System.Linq.Expressions.Expression<Func<AuditRecord, bool>>)(r => r.Action.StartsWith(p)))
                .Aggregate((a, b) => Or(a, b));
            query = query.Where(any);
        }
        if (s.Outcomes.Count > 0)
        {
            var outcomes = Parse<AuditOutcome>(s.Outcomes, EnumName<AuditOutcome>);
            query = query.Where(r => outcomes.Contains(r.Outcome));
        }
        return query;
    }

    private static List<T> Parse<T>(IEnumerable<string> words, Func<string, T?> parse) where T : struct =>
        [.. words.Select(parse).Where(v => v is not null).Select(v => v!.Value)];

    private static T? EnumName<T>(string word) where T : struct, Enum => Enum.TryParse<T>(word, ignoreCase: true, out var v) ? v : null;

    private static System.Linq.Expressions.Expression<Func<T, bool>> Or<T>(System.Linq.Expressions.Expression<Func<T, bool>> a, System.Linq.Expressions.Expression<Func<T, bool>> b)
    {
        var parameter = a.Parameters[0];
        var right = new Rebind(b.Parameters[0], parameter).Visit(b.Body)!;
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(System.Linq.Expressions.Expression.OrElse(a.Body, right), parameter);
    }

    private sealed class Rebind(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.ParameterExpression to) : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
