using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// Walks the audit chain from the first record and names the first bad one: a gap in the numbers (deleted), a MAC that
/// does not match (edited, moved, or the chain recomputed without the key), a record whose MAC differs from its anchor
/// (the chain rewritten with the key), a chain that ends before an anchored record (the tail truncated), or a record
/// outside the chain (inserted without a number or MAC).
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<SecOpsDbContext> contexts, AuditKey key, AuditAnchors anchors, AccessGuard access)
{
    private const int PageSize = 5000;

    /// <summary>Verifies for a person (checks <see cref="Permission.AuditTrailVerify"/>, refusals are audited).</summary>
    public async Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AuditTrailVerify, "audit.verify", null, cancellationToken);
        return await VerifyAsync(cancellationToken);
    }

    /// <summary>Verifies without a person: the command line and tests.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var (anchorList, unreadable) = await anchors.ReadAsync(cancellationToken);
        // The highest MAC anchored per number (two instances may anchor the same head; any disagreement is a fault too).
        var anchored = anchorList.GroupBy(a => a.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        var lastAnchor = anchorList.Count == 0 ? null : anchorList.MaxBy(a => a.Sequence);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expected = 1L;
        var previous = AuditChain.Genesis;
        while (true)
        {
            var page = await db.AuditRecords.AsNoTracking().Where(r => r.Sequence >= expected).OrderBy(r => r.Sequence).ThenBy(r => r.Id)
                .Take(PageSize).ToListAsync(cancellationToken);
            foreach (var record in page)
            {
                var sequence = record.Sequence!.Value;
                if (sequence != expected)
                {
                    return sequence < expected
                        ? Bad(expected - 1, sequence, record.Id, $"Record {sequence} appears more than once: the chain was forked or a record was copied.")
                        : Bad(expected - 1, expected, null, $"Record {expected} is missing: the chain goes from {expected - 1} to {sequence}, so it was deleted.");
                }
                if (!AuditChain.Same(record.Mac, AuditChain.Mac(key.Bytes, record, previous)))
                {
                    return Bad(expected - 1, sequence, record.Id,
                        $"Record {sequence} does not match its MAC: it was edited or moved, a record before it changed, or the chain was recomputed without the key.");
                }
                if (anchored.TryGetValue(sequence, out var marks) && marks.FirstOrDefault(a => !AuditChain.Same(a.Mac, record.Mac)) is { } differing)
                {
                    return Bad(expected - 1, sequence, record.Id,
                        $"Record {sequence} differs from the anchor written at {differing.At:u}: the chain was rewritten after it was anchored.");
                }
                previous = record.Mac!;
                expected++;
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        var head = expected - 1;
        if (lastAnchor is not null && lastAnchor.Sequence > head)
        {
            return Bad(head, head + 1, null,
                $"The chain ends at record {head} but record {lastAnchor.Sequence} was anchored at {lastAnchor.At:u}: the tail from {head + 1} was removed.");
        }
        var outside = await db.AuditRecords.AsNoTracking().Where(r => r.Sequence == null).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (outside is { } id)
        {
            return Bad(head, null, id, $"Record with id {id} has no place in the chain (no number or MAC): it was inserted outside the app.");
        }
        var note = unreadable > 0 ? $" {unreadable} line(s) of the anchor file could not be read." : "";
        return new AuditVerification(unreadable == 0, head, lastAnchor?.Sequence ?? 0, null, null,
            (unreadable == 0 ? $"The chain of {head} records is intact" : $"The chain of {head} records matches its MACs")
            + (lastAnchor is null ? "; nothing was anchored yet." : $" and matches its anchors up to record {lastAnchor.Sequence}.") + note);

        AuditVerification Bad(long checkedThrough, long? sequence, long? recordId, string problem) =>
            new(false, checkedThrough, lastAnchor?.Sequence ?? 0, sequence, recordId, problem);
    }
}

/// <summary>The outcome of a verification: the first bad record by number (and its row id when it exists), or none.</summary>
public sealed record AuditVerification(bool Intact, long CheckedThrough, long AnchoredThrough, long? FirstBadSequence, long? FirstBadId, string Message);
