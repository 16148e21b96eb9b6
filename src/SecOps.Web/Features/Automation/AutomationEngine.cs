using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// Watches the live feed for new alerts and new incidents, matches them against the automation rules, and fires the
/// matching rules' actions (<see cref="AutomationActions"/>) within each rule's rate limit. Every instance sharing a
/// store sees every new alert, so each firing is first claimed in the store (<see cref="AutomationFirings.ClaimAsync"/>):
/// only the instance whose claim went in acts, and only while the rule's firings of every instance in its window are
/// under its limit. Every firing, and the first refusal of a rule over its limit, is written
/// to the audit trail. Work happens on a queue of its own, never on the
/// writer's thread; under a storm beyond <see cref="QueueLength"/> waiting subjects, new ones are dropped and logged.
/// </summary>
public sealed class AutomationEngine(LiveFeed feed, AutomationRules rules, AutomationActions actions,
    AutomationFirings firings, AuditTrail audit, IDbContextFactory<SecOpsDbContext> contexts, ILogger<AutomationEngine> logger) : BackgroundService
{
    public const int QueueLength = 10_000;
    private readonly Channel<object> _inbox = Channel.CreateBounded<object>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = feed.Subscribe(items =>
        {
            foreach (var change in items)
            {
                if (change.Kind == ChangeKind.AlertCreated)
                {
                    Offer(change.Alert);
                }
            }
        });
        using var bulk = feed.SubscribeBulk(notice =>
        {
            if (notice.Kind == nameof(ChangeKind.AlertCreated))
            {
                Offer(notice);
            }
        });
        using var incidents = feed.SubscribeIncidents(change =>
        {
            // A new incident: not yet edited. Restricted incidents are need-to-know and never leave the app.
            if (change.Incident is { Version: 0, Restricted: false } incident && incident.CreatedAt == incident.UpdatedAt)
            {
                Offer(incident);
            }
        });
        await foreach (var subject in _inbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var inForce = await rules.InForceAsync(stoppingToken);
                if (inForce.Count == 0)
                {
                    continue;
                }
                switch (subject)
                {
                    case AlertView alert:
                        await OnAlertAsync(inForce, alert, stoppingToken);
                        break;
                    case IncidentView incident:
                        await OnIncidentAsync(inForce, incident, stoppingToken);
                        break;
                    case BulkNotice notice:
                        foreach (var alert in await AlertsAsync(notice, stoppingToken))
                        {
                            await OnAlertAsync(inForce, alert, stoppingToken);
                        }
                        break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Automation failed on {Subject}", subject.GetType().Name);
            }
        }
    }

    /// <summary>Queues every new subject: whether a rule applies is known on the queue's side (stored rules are read from the store).</summary>
    private void Offer(object subject)
    {
        if (!_inbox.Writer.TryWrite(subject))
        {
            logger.LogWarning("Automation queue full ({Length}); a new {Subject} was not evaluated", QueueLength, subject.GetType().Name);
        }
    }

    private async Task OnAlertAsync(IReadOnlyList<AutomationRule> inForce, AlertView alert, CancellationToken cancellationToken)
    {
        if (alert.SuppressedBy is not null)
        {
            return;
        }
        foreach (var rule in inForce.Where(r => AutomationConditions.Matches(r, alert)))
        {
            var subject = "alert:" + alert.Id;
            if (await ClaimAsync(rule, subject, cancellationToken))
            {
                var outcome = await actions.OnAlertAsync(rule, alert, cancellationToken);
                await RecordAsync(rule, subject, outcome, cancellationToken);
            }
        }
    }

    private async Task OnIncidentAsync(IReadOnlyList<AutomationRule> inForce, IncidentView incident, CancellationToken cancellationToken)
    {
        foreach (var rule in inForce.Where(r => AutomationConditions.Matches(r, incident)))
        {
            var subject = "incident:" + incident.Id;
            if (await ClaimAsync(rule, subject, cancellationToken))
            {
                var outcome = await actions.OnIncidentAsync(rule, incident, cancellationToken);
                await RecordAsync(rule, subject, outcome, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The firing's claim in the store, which also applies the rule's rate limit across every instance (false: another
    /// instance, or this one before a restart, has it, or the rule is over its limit). The first refusal of a run of
    /// refusals, of whichever instance met it, is audited (the store tells which claim starts a run); the rest only logged.
    /// </summary>
    private async Task<bool> ClaimAsync(AutomationRule rule, string subject, CancellationToken cancellationToken)
    {
        var claim = await firings.ClaimAsync(rule, subject, cancellationToken);
        if (claim is FiringClaim.Claimed or FiringClaim.ClaimedBefore)
        {
            return claim == FiringClaim.Claimed;
        }
        await firings.CompleteAsync(rule.Name, subject, "skipped: over the rule's rate limit", false, cancellationToken);
        logger.LogWarning("Automation rule {Rule} is over its limit ({Max} per {Per}); {Subject} skipped", rule.Name, rule.MaxFirings, rule.Per, subject);
        if (claim == FiringClaim.OverLimitFirst)
        {
            await audit.AppendAsync(AutomationActions.Actor, "automation.rate-limited", subject,
                $"rule {rule.Name}: over {rule.MaxFirings} firings per {rule.Per}; further matches are skipped until the window has room", AuditOutcome.Refused, cancellationToken);
        }
        return false;
    }

    private async Task RecordAsync(AutomationRule rule, string subject, AutomationOutcome outcome, CancellationToken cancellationToken)
    {
        var text = string.Join("; ", outcome.Steps);
        await audit.AppendAsync(AutomationActions.Actor, "automation.fire", subject, $"rule {rule.Name}: {text}",
            outcome.Succeeded ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        await firings.CompleteAsync(rule.Name, subject, text, outcome.Succeeded, cancellationToken);
    }

    /// <summary>The alerts a large range of new alerts holds (committed by another instance), at most a queue's worth.</summary>
    private async Task<IReadOnlyList<AlertView>> AlertsAsync(BulkNotice notice, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.ChangeFeed.AsNoTracking().Where(e => e.Seq >= notice.SeqFrom && e.Seq <= notice.SeqTo && e.Kind == ChangeKind.AlertCreated)
            .OrderBy(e => e.Seq).Select(e => e.EntityId).Take(QueueLength).ToListAsync(cancellationToken);
        return await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).Select(AlertView.Projection).ToListAsync(cancellationToken);
    }
}
