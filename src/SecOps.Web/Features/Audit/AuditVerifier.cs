using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// Walks the audit chain from the first record and names the first bad one: a gap in the numbers (deleted), a MAC that
/// does not match (edited, moved, or the chain recomputed without the key), a record whose MAC differs from its anchor
/// (the chain rewritten with the key), a chain that ends before an anchored record (the tail truncated), or a record
/// outside the chain (inserted without a number or MAC). The anchors come from every source there is: the anchor file and,
/// when configured, the Elasticsearch anchor index; each is named in the result, so deleting one does not hide the others.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<SecOpsDbContext> contexts, AuditKey key, AuditAnchors anchors, AuditAnchorIndex anchorIndex, AccessGuard access)
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
        var sources = await ReadAnchorsAsync(cancellationToken);
        var anchorList = sources.SelectMany(s => s.Anchors.Select(a => (Anchor: a, s.Source.Name))).ToList();
        // Every MAC anchored per number, from every source (two instances may anchor the same head; any disagreement is a fault too).
        var anchored = anchorList.GroupBy(a => a.Anchor.Sequence).ToDictionary(g => g.Key, g => g.ToList());
        var lastAnchor = anchorList.Count == 0 ? ((AuditAnchor Anchor, string Name)?)null : anchorList.MaxBy(a => a.Anchor.Sequence);
        var checkedSources = sources.Select(s => s.Source).ToList();

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
                if (anchored.TryGetValue(sequence, out var marks) && marks.FirstOrDefault(a => !AuditChain.Same(a.Anchor.Mac, record.Mac)) is { Anchor: not null } differing)
                {
                    return Bad(expected - 1, sequence, record.Id,
                        $"Record {sequence} differs from the anchor written at {differing.Anchor.At:u} ({differing.Name}): the chain was rewritten after it was anchored.");
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
        if (lastAnchor is { } last && last.Anchor.Sequence > head)
        {
            return Bad(head, head + 1, null,
                $"The chain ends at record {head} but record {last.Anchor.Sequence} was anchored at {last.Anchor.At:u} ({last.Name}): the tail from {head + 1} was removed.");
        }
        var outside = await db.AuditRecords.AsNoTracking().Where(r => r.Sequence == null).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (outside is { } id)
        {
            return Bad(head, null, id, $"Record with id {id} has no place in the chain (no number or MAC): it was inserted outside the app.");
        }
        var problems = checkedSources.Where(c => c.Problem is not null).Select(c => $" {c.Name}: {c.Problem}.").ToList();
        var anchoredThrough = lastAnchor?.Anchor.Sequence ?? 0;
        return new AuditVerification(problems.Count == 0, head, anchoredThrough, null, null,
            (problems.Count == 0 ? $"The chain of {head} records is intact" : $"The chain of {head} records matches its MACs")
            + (lastAnchor is null ? "; nothing was anchored yet." : $" and matches its anchors up to record {anchoredThrough}.") + string.Concat(problems))
        {
            Sources = checkedSources,
        };

        AuditVerification Bad(long checkedThrough, long? sequence, long? recordId, string problem) =>
            new(false, checkedThrough, lastAnchor?.Anchor.Sequence ?? 0, sequence, recordId, problem) { Sources = checkedSources };
    }

    /// <summary>
    /// The anchors of each source. A source that cannot be read is reported, never skipped quietly: a chain is not called intact
    /// while one of its anchor sources could not be checked.
    /// </summary>
    private async Task<List<(AuditAnchorSource Source, IReadOnlyList<AuditAnchor> Anchors)>> ReadAnchorsAsync(CancellationToken cancellationToken)
    {
        var (fileAnchors, unreadableLines) = await anchors.ReadAsync(cancellationToken);
        var sources = new List<(AuditAnchorSource, IReadOnlyList<AuditAnchor>)>
        {
            (new AuditAnchorSource("anchor file " + anchors.FilePath, fileAnchors.Count, unreadableLines > 0 ? $"{unreadableLines} line(s) could not be read" : null), fileAnchors),
        };
        if (anchorIndex.IndexName is { } index)
        {
            var name = "Elasticsearch index " + index;
            try
            {
                var (indexed, unreadableDocuments) = await anchorIndex.ReadAsync(cancellationToken);
                sources.Add((new AuditAnchorSource(name, indexed.Count, unreadableDocuments > 0 ? $"{unreadableDocuments} document(s) are not well-formed anchors" : null), indexed));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sources.Add((new AuditAnchorSource(name, 0, "could not be read (" + e.Message + ")"), []));
            }
        }
        return sources;
    }
}

/// <summary>The outcome of a verification: the first bad record by number (and its row id when it exists), or none.</summary>
public sealed record AuditVerification(bool Intact, long CheckedThrough, long AnchoredThrough, long? FirstBadSequence, long? FirstBadId, string Message)
{
    /// <summary>The anchor sources that were checked (the file always; Elasticsearch when configured).</summary>
    public IReadOnlyList<AuditAnchorSource> Sources { get; init; } = [];
}

/// <summary>One place the chain's anchors were read from, how many it held, and what kept it from being read in full.</summary>
public sealed record AuditAnchorSource(string Name, int Anchors, string? Problem)
{
    public override string ToString() => $"{Name}: {Anchors} anchor(s)" + (Problem is null ? "" : $", {Problem}");
}
