using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Triage transitions of one alert. The permission is checked here, not in the UI, so a manager is
/// refused whether the call comes from a button, the API or the hub. Every transition is recorded.
/// </summary>
public sealed class AlertTriage(StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public sealed record Outcome(bool Succeeded, string? Error, AlertView? Alert)
    {
        public static Outcome Fail(string error, AlertView? alert = null) => new(false, error, alert);
    }

    public Task<Outcome> AcknowledgeAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        TransitionAsync(actor, alertId, "alert.acknowledge", cancellationToken, (alert, transition) =>
        {
            if (alert.Status != AlertStatus.Open)
            {
                return $"Only an open alert can be acknowledged; this one is {AlertVocabulary.ToWire(alert.Status)}.";
            }
            alert.Status = AlertStatus.Acknowledged;
            alert.AcknowledgedAt ??= transition.At;
            return null;
        });

    public Task<Outcome> StartAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        TransitionAsync(actor, alertId, "alert.start", cancellationToken, (alert, transition) =>
        {
            if (alert.Status is AlertStatus.Closed or AlertStatus.InProgress)
            {
                return $"The alert is already {AlertVocabulary.ToWire(alert.Status)}.";
            }
            alert.Status = AlertStatus.InProgress;
            alert.AcknowledgedAt ??= transition.At;
            return null;
        });

    public Task<Outcome> CloseAsync(Actor actor, long alertId, CloseReason reason, string? comment, CancellationToken cancellationToken) =>
        TransitionAsync(actor, alertId, "alert.close", cancellationToken, (alert, transition) =>
        {
            if (alert.Status == AlertStatus.Closed)
            {
                return "The alert is already closed.";
            }
            alert.Status = AlertStatus.Closed;
            alert.CloseReason = reason;
            alert.ClosedAt = transition.At;
            alert.AcknowledgedAt ??= transition.At;
            transition.CloseReason = reason;
            transition.Comment = comment?.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, 4000)] : null;
            return null;
        });

    /// <summary>Takes ownership; atomic because it runs under the store's write lock, so of two claims one wins.</summary>
    public Task<Outcome> ClaimAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        TransitionAsync(actor, alertId, "alert.claim", cancellationToken, (alert, transition) =>
        {
            if (alert.AssigneeId is { } owner && owner != actor.Id)
            {
                return $"Already claimed by {alert.AssigneeName}.";
            }
            alert.AssigneeId = actor.Id;
            alert.AssigneeName = actor.Name;
            transition.ToAssignee = actor.Name;
            return null;
        });

    private async Task<Outcome> TransitionAsync(Actor actor, long alertId, string action, CancellationToken cancellationToken, Func<Alert, AlertTransition, string?> change)
    {
        await access.RequireAsync(actor, Permission.AlertsTriage, action, "alert:" + alertId, cancellationToken);
        var (refusal, alert) = await writer.WriteAsync<(string?, Alert?)>(async (db, changes, ct) =>
        {
            var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
            if (alert is null)
            {
                return ("The alert does not exist.", null);
            }
            var transition = new AlertTransition
            {
                AlertId = alert.Id,
                At = time.GetUtcNow(),
                ActorId = actor.Id,
                ActorName = actor.Name,
                FromStatus = alert.Status,
                FromAssignee = alert.AssigneeName,
                ToAssignee = alert.AssigneeName,
            };
            if (change(alert, transition) is { } refusal)
            {
                return (refusal, alert);
            }
            transition.ToStatus = alert.Status;
            alert.UpdatedAt = transition.At;
            alert.Version++;
            db.AlertTransitions.Add(transition);
            changes.Add(ChangeKind.AlertTriaged, alert);
            return (null, alert);
        }, cancellationToken);
        if (refusal is not null)
        {
            return Outcome.Fail(refusal, alert is null ? null : AlertView.From(alert));
        }
        await audit.AppendAsync(actor, action, "alert:" + alertId, null, AuditOutcome.Success, cancellationToken);
        // The writer has numbered the change by now, so the view carries its sequence number.
        return new Outcome(true, null, AlertView.From(alert!));
    }

    public async Task<IReadOnlyList<AlertTransition>> HistoryAsync(Actor actor, long alertId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alert.history", "alert:" + alertId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertTransitions.AsNoTracking().Where(t => t.AlertId == alertId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }
}
