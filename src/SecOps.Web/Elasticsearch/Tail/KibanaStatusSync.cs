using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>
/// A status the source reports for one document, and when it was set there (null when the source does not say);
/// <paramref name="Why"/> replaces the history entry's default comment (e.g. why a write-back conflict went Kibana's way).
/// </summary>
public sealed record SourceStatusChange(string DocumentId, AlertStatus Status, DateTimeOffset? ChangedAt, string? Why = null);

/// <summary>
/// Brings triage status changes made in Kibana into SecOps: the alert takes the source's status with a recorded
/// transition by "Kibana". A status change made in SecOps after the Kibana change is kept (the later change wins);
/// changes of the assignee alone do not count, since they leave the status to whichever side set it last.
/// </summary>
public sealed class KibanaStatusSync(StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, TimeProvider time)
{
    public const string ActorId = "elasticsearch";
    public const string ActorName = "Kibana";

    /// <summary>Applies the changes; returns how many alerts changed status.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<SourceStatusChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return 0;
        }
        // The last report of a document wins when a batch holds several. Only SecOps's own transitions can be later than a
        // Kibana change; Kibana's are recorded when they arrive, not when they were made, so they are not compared.
        var latest = changes.GroupBy(c => c.DocumentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        // Most pages a tail reads change no status: find the ones that differ with a light read, outside the write lock, and
        // take the lock only for those (they are checked again inside, where they are written).
        List<string> ids;
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var known = latest.Keys.ToList();
            ids = (await read.Alerts.AsNoTracking().Where(a => known.Contains(a.DocumentId)).Select(a => new { a.DocumentId, a.Status }).ToListAsync(cancellationToken))
                .Where(a => a.Status != latest[a.DocumentId].Status).Select(a => a.DocumentId).ToList();
        }
        if (ids.Count == 0)
        {
            return 0;
        }
        return await writer.WriteAsync(async (db, feed, ct) =>
        {
            var alerts = await db.Alerts.Where(a => ids.Contains(a.DocumentId)).ToListAsync(ct);
            var candidates = alerts.Where(a => a.Status != latest[a.DocumentId].Status).ToList();
            if (candidates.Count == 0)
            {
                return 0;
            }
            var alertIds = candidates.Select(a => a.Id).ToList();
            var lastTransitions = await db.AlertTransitions.Where(t => alertIds.Contains(t.AlertId) && t.ActorId != ActorId && t.FromStatus != t.ToStatus)
                .GroupBy(t => t.AlertId).Select(g => new { AlertId = g.Key, At = g.Max(t => t.At) })
                .ToDictionaryAsync(t => t.AlertId, t => t.At, ct);
            var now = time.GetUtcNow();
            var changed = 0;
            foreach (var alert in candidates)
            {
                var change = latest[alert.DocumentId];
                if (change.ChangedAt is { } at && lastTransitions.TryGetValue(alert.Id, out var ours) && ours > at)
                {
                    continue;
                }
                var transition = new AlertTransition
                {
                    AlertId = alert.Id,
                    At = now,
                    ActorId = ActorId,
                    ActorName = ActorName,
                    FromStatus = alert.Status,
                    ToStatus = change.Status,
                    FromAssignee = alert.AssigneeName,
                    ToAssignee = alert.AssigneeName,
                    Comment = change.Why ?? (change.ChangedAt is { } when ? $"Status changed in Kibana at {when:O}" : "Status changed in Kibana"),
                };
                alert.Status = change.Status;
                alert.ClosedAt = change.Status == AlertStatus.Closed ? change.ChangedAt ?? now : null;
                if (change.Status != AlertStatus.Closed)
                {
                    alert.CloseReason = null;
                }
                if (change.Status != AlertStatus.Open)
                {
                    alert.AcknowledgedAt ??= change.ChangedAt ?? now;
                }
                alert.UpdatedAt = now;
                alert.Version++;
                db.AlertTransitions.Add(transition);
                feed.Add(ChangeKind.AlertTriaged, alert);
                changed++;
            }
            return changed;
        }, cancellationToken);
    }
}
