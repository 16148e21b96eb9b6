using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Triage transitions of one alert. The permission is checked here, not in the UI, so a manager is
/// refused whether the call comes from a button, the API or the hub. Every transition is recorded.
/// </summary>
public sealed class AlertTriage(StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, TriagePeople people, TimeProvider time)
{
    public sealed record Outcome(bool Succeeded, string? Error, AlertView? Alert)
    {
        public static Outcome Fail(string error, AlertView? alert = null) => new(false, error, alert);
    }

    public Task<Outcome> AcknowledgeAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        ApplyAsync(actor, alertId, TriageAction.Acknowledge, null, null, cancellationToken);

    public Task<Outcome> StartAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        ApplyAsync(actor, alertId, TriageAction.Start, null, null, cancellationToken);

    public Task<Outcome> CloseAsync(Actor actor, long alertId, CloseReason reason, string? comment, CancellationToken cancellationToken) =>
        ApplyAsync(actor, alertId, TriageAction.Close, reason, comment, cancellationToken);

    /// <summary>Takes ownership; atomic because it runs under the store's write lock, so of two claims one wins.</summary>
    public Task<Outcome> ClaimAsync(Actor actor, long alertId, CancellationToken cancellationToken) =>
        ApplyAsync(actor, alertId, TriageAction.Claim, null, null, cancellationToken);

    public async Task<Outcome> ApplyAsync(Actor actor, long alertId, TriageAction action, CloseReason? reason, string? comment, CancellationToken cancellationToken, Assignee? assignTo = null)
    {
        if (action == TriageAction.Assign)
        {
            // Checked against the account store: the caller's copy of the person is not trusted.
            assignTo = await VerifiedAsync(assignTo, cancellationToken);
            if (assignTo is null)
            {
                return Outcome.Fail("Alerts can only be assigned to people whose role may triage.");
            }
        }
        return await TransitionAsync(actor, alertId, AuditName(action), cancellationToken, (alert, transition) => Change(actor, action, reason, comment, alert, transition, assignTo));
    }

    /// <summary>The assignee as the account store knows it, or null when alerts may not be assigned to them.</summary>
    private async Task<Assignee?> VerifiedAsync(Assignee? assignTo, CancellationToken cancellationToken) =>
        assignTo is null ? null : await people.FindAsync(assignTo.Id, cancellationToken);

    /// <summary>
    /// Applies one action to many alerts in one transaction, one history entry per changed alert. Alerts the
    /// action does not apply to (already closed, claimed by someone else) are counted as unchanged.
    /// Above <see cref="BulkNoticeThreshold"/> changes, watchers get one bulk notice instead of one change each.
    /// </summary>
    public async Task<BulkOutcome> BulkAsync(Actor actor, BulkTarget target, TriageAction action, CloseReason? reason, string? comment, CancellationToken cancellationToken, Assignee? assignTo = null)
    {
        var auditName = AuditName(action) + ".bulk";
        await access.RequireAsync(actor, Permission.AlertsTriage, auditName, null, cancellationToken);
        if (action == TriageAction.Assign)
        {
            assignTo = await VerifiedAsync(assignTo, cancellationToken)
                ?? throw new ArgumentException("Alerts can only be assigned to people whose role may triage.", nameof(assignTo));
        }
        var bulk = BulkChange.For(actor, action, reason, comment, assignTo, time.GetUtcNow());
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var matching = AlertQueryTranslator.Apply(db.Alerts, target.Query ?? AlertQuery.All, time);
            if (target.Group is var (by, key))
            {
                matching = AlertQueries.InGroup(matching, by, key);
            }
            var ids = target.Ids?.Distinct().ToList() ?? await matching.Select(a => a.Id).ToListAsync(ct);
            // Set-based per chunk: the alerts the action applies to are read as three columns, changed by one UPDATE and
            // given their history rows, never loaded as entities, so time and memory stay flat over any number of targets.
            var changed = new List<long>(ids.Count);
            foreach (var chunk in ids.Chunk(BulkChunkSize))
            {
                var before = await db.Alerts.Where(a => chunk.Contains(a.Id)).Where(bulk.AppliesTo)
                    .Select(a => new { a.Id, a.Status, a.AssigneeName }).ToListAsync(ct);
                if (before.Count == 0)
                {
                    continue;
                }
                var chunkChanged = before.ConvertAll(a => a.Id);
                await db.Alerts.Where(a => chunkChanged.Contains(a.Id)).ExecuteUpdateAsync(bulk.Set, ct);
                db.AlertTransitions.AddRange(before.Select(a => bulk.Transition(a.Id, a.Status, a.AssigneeName)));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                changed.AddRange(chunkChanged);
            }
            if (changed.Count > BulkNoticeThreshold)
            {
                changes.AddBulk(ChangeKind.AlertTriaged, changed);
            }
            else if (changed.Count > 0)
            {
                // Few changes, whatever the number of targets, are announced one by one: the changed alerts are read back
                // (saved, in this transaction), so each is numbered and stamped with its LastSeq.
                var saved = await db.Alerts.Where(a => changed.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
                changed.ForEach(id => changes.Add(ChangeKind.AlertTriaged, saved[id]));
            }
            return new BulkOutcome(changed.Count, ids.Count - changed.Count);
        }, cancellationToken);
        await audit.AppendAsync(actor, auditName, target.Query is null ? $"{outcome.Changed} selected alerts" : target.Group is null ? "alerts matching a query" : "a group of alerts matching a query",
            $"changed {outcome.Changed}, unchanged {outcome.Unchanged}", AuditOutcome.Success, cancellationToken);
        return outcome;
    }

    public const int BulkNoticeThreshold = 50;
    private const int BulkChunkSize = 1000;

    internal static string? CleanComment(string? comment) =>
        comment?.Trim() is { Length: > 0 } text ? DisplayText.CleanUserText(text, 4000, multiline: true) : null;

    private static string AuditName(TriageAction action) => "alert." + action.ToString().ToLowerInvariant();

    /// <summary>The triage rules: applies the action, or says why it does not apply.</summary>
    private static string? Change(Actor actor, TriageAction action, CloseReason? reason, string? comment, Alert alert, AlertTransition transition, Assignee? assignTo)
    {
        switch (action)
        {
            case TriageAction.Assign:
                if (assignTo is null)
                {
                    return "Choose who to assign the alert to.";
                }
                if (alert.AssigneeId == assignTo.Id)
                {
                    return $"Already assigned to {assignTo.Name}.";
                }
                alert.AssigneeId = assignTo.Id;
                alert.AssigneeName = assignTo.Name;
                transition.ToAssignee = assignTo.Name;
                return null;
            case TriageAction.Acknowledge:
                if (alert.Status != AlertStatus.Open)
                {
                    return $"Only an open alert can be acknowledged; this one is {AlertVocabulary.ToWire(alert.Status)}.";
                }
                alert.Status = AlertStatus.Acknowledged;
                break;
            case TriageAction.Start:
                if (alert.Status is AlertStatus.Closed or AlertStatus.InProgress)
                {
                    return $"The alert is already {AlertVocabulary.ToWire(alert.Status)}.";
                }
                // Starting work takes the alert: it is never in progress with nobody on it, nor taken from its owner.
                if (alert.AssigneeId is { } assignee && assignee != actor.Id)
                {
                    return $"Claimed by {alert.AssigneeName}; only they can start it.";
                }
                alert.Status = AlertStatus.InProgress;
                alert.AssigneeId = actor.Id;
                alert.AssigneeName = actor.Name;
                transition.ToAssignee = actor.Name;
                break;
            case TriageAction.Close:
                if (alert.Status == AlertStatus.Closed)
                {
                    return "The alert is already closed.";
                }
                alert.Status = AlertStatus.Closed;
                alert.CloseReason = reason ?? CloseReason.Benign;
                alert.ClosedAt = transition.At;
                transition.CloseReason = alert.CloseReason;
                transition.Comment = CleanComment(comment);
                break;
            case TriageAction.Claim:
                if (alert.AssigneeId is { } owner && owner != actor.Id)
                {
                    return $"Already claimed by {alert.AssigneeName}.";
                }
                alert.AssigneeId = actor.Id;
                alert.AssigneeName = actor.Name;
                transition.ToAssignee = actor.Name;
                return null;
        }
        alert.AcknowledgedAt ??= transition.At;
        return null;
    }

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
            var transition = NewTransition(actor, alert);
            if (change(alert, transition) is { } refusal)
            {
                return (refusal, alert);
            }
            Record(db, alert, transition);
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

    private AlertTransition NewTransition(Actor actor, Alert alert) => new()
    {
        AlertId = alert.Id,
        At = time.GetUtcNow(),
        ActorId = actor.Id,
        ActorName = actor.Name,
        FromStatus = alert.Status,
        FromAssignee = alert.AssigneeName,
        ToAssignee = alert.AssigneeName,
    };

    private static void Record(SecOpsDbContext db, Alert alert, AlertTransition transition)
    {
        transition.ToStatus = alert.Status;
        alert.UpdatedAt = transition.At;
        alert.Version++;
        db.AlertTransitions.Add(transition);
    }

    public async Task<IReadOnlyList<AlertTransition>> HistoryAsync(Actor actor, long alertId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alert.history", "alert:" + alertId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertTransitions.AsNoTracking().Where(t => t.AlertId == alertId).OrderBy(t => t.Id).ToListAsync(cancellationToken);
    }
}
