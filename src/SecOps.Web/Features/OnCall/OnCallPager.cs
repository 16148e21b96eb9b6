using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.OnCall;

/// <summary>
/// Pages the person on duty (of <see cref="OnCallPagingOptions.Team"/>, or of the team a route names for the alert's
/// source or the incident's team) of new critical alerts, of open alerts and
/// incidents past their acknowledge target (<see cref="SlaClock"/>) and of those taken on but not closed by their
/// resolve target (<see cref="OnCallPagingOptions.PageResolveBreaches"/>), and pages the next person in the chain when a page
/// is not acknowledged within <see cref="OnCallPagingOptions.AcknowledgeWithin"/>. Each round works from the store, so a
/// restart or a second instance picks up where the last left off; the live feed only wakes a round early for a new
/// critical alert. Each page is claimed by inserting its row (unique per subject, reason and level), so of several
/// instances only one pages each level. A page is acknowledged on <c>/on-call</c> (<see cref="DutyPages"/>) or when its
/// subject leaves open in the app; either stops the escalation.
/// </summary>
public sealed class OnCallPager(
    IDbContextFactory<SecOpsDbContext> contexts,
    OnCallRota rota,
    PageDelivery delivery,
    SlaClock sla,
    IOptions<SlaOptions> slaOptions,
    IOptions<OnCallPagingOptions> options,
    LiveFeed feed,
    AuditTrail audit,
    TimeProvider time,
    ILogger<OnCallPager> logger) : BackgroundService
{
    public const string AcknowledgeAction = "oncall.acknowledge";

    /// <summary>What a round did: pages to the person on duty, escalations, chains acknowledged through their subject.</summary>
    public sealed record Round(int Paged, int Escalated, int Acknowledged);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Team is null)
        {
            return;
        }
        using var changes = feed.Subscribe(items =>
        {
            if (items.Any(c => c.Kind == ChangeKind.AlertCreated && c.Alert.Severity == AlertVocabulary.ToWire(Severity.Critical)))
            {
                _wake.Writer.TryWrite(true);
            }
        });
        _ = TickAsync(stoppingToken);
        _wake.Writer.TryWrite(true);
        await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "An on-call paging round failed; the next is in {Interval}", options.Value.Interval);
            }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One round: acknowledgements through the subject first (so nobody is paged about what was just handled), then escalations, new pages, and retries of pages not yet emailed.</summary>
    public async Task<Round> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Team is null)
        {
            return new Round(0, 0, 0);
        }
        var now = time.GetUtcNow();
        var acknowledged = await AcknowledgeHandledAsync(now, cancellationToken);
        var escalated = await EscalateAsync(now, cancellationToken);
        var paged = await PageNewAsync(now, cancellationToken);
        await delivery.RetryUnsentAsync(cancellationToken);
        return new Round(paged, escalated, acknowledged);
    }

    /// <summary>Open chains whose alert or incident is no longer open (acknowledged, worked, closed or gone) are acknowledged by that.</summary>
    private async Task<int> AcknowledgeHandledAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.OnCallPages.AsNoTracking().Where(p => p.AcknowledgedAt == null && p.Level == 0)
            .Select(p => new { p.Subject, p.SubjectId, p.Reason }).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }
        var alertIds = open.Where(c => c.Subject == PageSubject.Alert).Select(c => c.SubjectId).Distinct().ToList();
        var incidentIds = open.Where(c => c.Subject == PageSubject.Incident).Select(c => c.SubjectId).Distinct().ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => alertIds.Contains(a.Id)).Select(a => new { a.Id, a.Status }).ToDictionaryAsync(a => a.Id, a => a.Status, cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id)).Select(i => new { i.Id, i.Status }).ToDictionaryAsync(i => i.Id, i => i.Status, cancellationToken);
        var count = 0;
        foreach (var chain in open)
        {
            var resolve = PageDelivery.IsResolveBreach(chain.Reason);
            var handled = chain.Subject == PageSubject.Alert
                ? AlertHandled(alerts.TryGetValue(chain.SubjectId, out var alertStatus) ? alertStatus : null, resolve)
                : IncidentHandled(incidents.TryGetValue(chain.SubjectId, out var incidentStatus) ? incidentStatus : null, resolve);
            if (handled is null)
            {
                continue;
            }
            var updated = await db.OnCallPages.Where(p => p.Subject == chain.Subject && p.SubjectId == chain.SubjectId && p.Reason == chain.Reason && p.AcknowledgedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.AcknowledgedAt, now).SetProperty(p => p.AcknowledgedBy, handled), cancellationToken);
            if (updated > 0)
            {
                count++;
                await audit.AppendAsync(Actor.System, AcknowledgeAction, PageDelivery.Target(chain.Subject, chain.SubjectId),
                    $"{PageDelivery.Why(chain.Reason)}: acknowledged in the app ({handled}); escalation stopped", AuditOutcome.Success, cancellationToken);
            }
        }
        return count;
    }

    // A page about taking a subject on is handled once it leaves open; one about resolving it, once it is closed (resolved).
    // Null: not handled yet; otherwise how it was handled, for the acknowledgement.
    private static string? AlertHandled(AlertStatus? status, bool resolve) => status switch
    {
        null => "the alert is gone",
        { } s when (resolve ? s == AlertStatus.Closed : s != AlertStatus.Open) => $"the alert is {AlertVocabulary.ToWire(s)}",
        _ => null,
    };

    private static string? IncidentHandled(IncidentStatus? status, bool resolve) => status switch
    {
        null => "the incident is gone",
        { } s when (resolve ? s is IncidentStatus.Resolved or IncidentStatus.Closed : s != IncidentStatus.Open) =>
            $"the incident is {IncidentVocabulary.Label(s).ToLowerInvariant()}",
        _ => null,
    };

    /// <summary>The chains whose newest page has waited <see cref="OnCallPagingOptions.AcknowledgeWithin"/> page the next person, while there is one.</summary>
    private async Task<int> EscalateAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overdue = now - options.Value.AcknowledgeWithin;
        List<DutyPage> open;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            open = await db.OnCallPages.AsNoTracking().Where(p => p.AcknowledgedAt == null).ToListAsync(cancellationToken);
        }
        var count = 0;
        foreach (var chain in open.GroupBy(p => (p.Subject, p.SubjectId, p.Reason)))
        {
            var newest = chain.MaxBy(p => p.Level)!;
            var first = chain.MinBy(p => p.Level)!;
            if (newest.PagedAt > overdue)
            {
                continue;
            }
            var people = rota.ChainFrom(newest.Team, first.Person);
            if (newest.Level + 1 >= people.Count)
            {
                continue;
            }
            if (await delivery.PageAsync(newest.Subject, newest.SubjectId, newest.Reason, newest.Team, newest.Level + 1, people[newest.Level + 1], cancellationToken))
            {
                count++;
            }
        }
        return count;
    }

    private async Task<int> PageNewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var budget = options.Value.MaxNewPagesPerRound;
        var due = new List<(PageSubject Subject, long Id, PageReason Reason)>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var since = now - options.Value.LookBack;
            due.AddRange((await db.Alerts.AsNoTracking()
                .Where(a => a.Status == AlertStatus.Open && a.Severity == Severity.Critical && a.SuppressedBy == null && a.AlertTime >= since
                    && !db.OnCallPages.Any(p => p.Subject == PageSubject.Alert && p.SubjectId == a.Id))
                .OrderBy(a => a.Id).Select(a => a.Id).Take(budget).ToListAsync(cancellationToken)).Select(id => (PageSubject.Alert, id, PageReason.CriticalAlert)));
            foreach (var (severity, target) in slaOptions.Value.AcknowledgeWithin)
            {
                // The SLA clock's own rule decides; the query only narrows to open subjects whose deadline fell inside the look-back.
                var deadlineAfter = since - target;
                var breachedBy = now - target;
                var alerts = await db.Alerts.AsNoTracking()
                    .Where(a => a.Status == AlertStatus.Open && a.Severity == severity && a.SuppressedBy == null && a.AlertTime <= breachedBy && a.AlertTime >= deadlineAfter
                        && !db.OnCallPages.Any(p => p.Subject == PageSubject.Alert && p.SubjectId == a.Id))
                    .OrderBy(a => a.Id).Take(budget).Select(AlertView.Projection).ToListAsync(cancellationToken);
                due.AddRange(alerts.Where(a => sla.Evaluate(a, now).State == SlaState.Breached).Select(a => (PageSubject.Alert, a.Id, PageReason.AlertSlaBreached)));
                var incidents = await db.Incidents.AsNoTracking()
                    .Where(i => i.Status == IncidentStatus.Open && i.Severity == severity && i.CreatedAt <= breachedBy && i.CreatedAt >= deadlineAfter
                        && !db.OnCallPages.Any(p => p.Subject == PageSubject.Incident && p.SubjectId == i.Id && p.Reason == PageReason.IncidentSlaBreached))
                    .OrderBy(i => i.Id).Take(budget).ToListAsync(cancellationToken);
                due.AddRange(incidents.Where(i => sla.Evaluate(IncidentView.From(i), now).State == SlaState.Breached).Select(i => (PageSubject.Incident, i.Id, PageReason.IncidentSlaBreached)));
            }
            if (options.Value.PageResolveBreaches)
            {
                foreach (var (severity, target) in slaOptions.Value.ResolveWithin)
                {
                    var deadlineAfter = since - target;
                    var breachedBy = now - target;
                    var alerts = await db.Alerts.AsNoTracking()
                        .Where(a => (a.Status == AlertStatus.Acknowledged || a.Status == AlertStatus.InProgress) && a.Severity == severity && a.SuppressedBy == null
                            && a.AlertTime <= breachedBy && a.AlertTime >= deadlineAfter
                            && !db.OnCallPages.Any(p => p.Subject == PageSubject.Alert && p.SubjectId == a.Id && p.Reason == PageReason.AlertResolveBreached))
                        .OrderBy(a => a.Id).Take(budget).Select(AlertView.Projection).ToListAsync(cancellationToken);
                    due.AddRange(alerts.Where(a => sla.Evaluate(a, now) is { Phase: "resolve", State: SlaState.Breached }).Select(a => (PageSubject.Alert, a.Id, PageReason.AlertResolveBreached)));
                    var incidents = await db.Incidents.AsNoTracking()
                        .Where(i => i.Status != IncidentStatus.Open && i.Status != IncidentStatus.Resolved && i.Status != IncidentStatus.Closed && i.Severity == severity
                            && i.CreatedAt <= breachedBy && i.CreatedAt >= deadlineAfter
                            && !db.OnCallPages.Any(p => p.Subject == PageSubject.Incident && p.SubjectId == i.Id && p.Reason == PageReason.IncidentResolveBreached))
                        .OrderBy(i => i.Id).Take(budget).ToListAsync(cancellationToken);
                    due.AddRange(incidents.Where(i => sla.Evaluate(IncidentView.From(i), now) is { Phase: "resolve", State: SlaState.Breached })
                        .Select(i => (PageSubject.Incident, i.Id, PageReason.IncidentResolveBreached)));
                }
            }
        }
        var pages = due.DistinctBy(d => (d.Subject, d.Id)).Take(budget).ToList();
        var teams = await TeamsAsync(pages, cancellationToken);
        var count = 0;
        foreach (var (subject, id, reason) in pages)
        {
            var team = teams[(subject, id)];
            var people = rota.Chain(team);
            if (people.Count == 0)
            {
                logger.LogWarning("On-call team {Team} has nobody on duty and no escalation chain: nobody is paged", team);
                continue;
            }
            if (await delivery.PageAsync(subject, id, reason, team, 0, people[0], cancellationToken))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The rota team each page goes to, by its alert's source, rule and severity or its incident's team and severity (<see cref="OnCallPagingOptions.Routes"/>).</summary>
    private async Task<Dictionary<(PageSubject, long), string>> TeamsAsync(List<(PageSubject Subject, long Id, PageReason Reason)> pages, CancellationToken cancellationToken)
    {
        var paging = options.Value;
        if (paging.Routes.Count == 0)
        {
            return pages.ToDictionary(p => (p.Subject, p.Id), _ => paging.Team!);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alertIds = pages.Where(p => p.Subject == PageSubject.Alert).Select(p => p.Id).ToList();
        var incidentIds = pages.Where(p => p.Subject == PageSubject.Incident).Select(p => p.Id).ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => alertIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Source, a.RuleName, a.Severity })
            .ToDictionaryAsync(a => a.Id, a => paging.TeamForAlert(a.Source, a.RuleName, a.Severity), cancellationToken);
        var incidents = await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Severity, Team = db.Teams.Where(t => t.Id == i.TeamId).Select(t => t.Name).FirstOrDefault() })
            .ToDictionaryAsync(i => i.Id, i => paging.TeamForIncident(i.Team, i.Severity), cancellationToken);
        // A subject gone since it was found (deleted, erased) still goes to the default team.
        return pages.ToDictionary(p => (p.Subject, p.Id), p => (p.Subject == PageSubject.Alert ? alerts : incidents).GetValueOrDefault(p.Id) ?? paging.Team!);
    }
}
