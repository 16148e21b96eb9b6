using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// The one way to write the audit trail. Each append reads the chain's head and adds the next record with its number and
/// MAC (<see cref="AuditChain"/>) in one transaction under a lock that holds across instances: SQLite's write lock (the
/// transaction begins immediate) and, on PostgreSQL, a transaction-scoped advisory lock of its own. Two appends can
/// therefore never chain to the same head, whichever instance makes them; a unique index on the number backs this up.
/// </summary>
public sealed class AuditTrail(
    IDbContextFactory<SecOpsDbContext> contexts,
    AuditKey key,
    AuditAnchors anchors,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditTrail> logger)
{
    // In-process first, so this instance's appends queue here instead of on the database.
    private readonly SemaphoreSlim _appendLock = new(1, 1);

    public async Task AppendAsync(Actor actor, string action, string? target, string? details, AuditOutcome outcome, CancellationToken cancellationToken)
    {
        var record = new AuditRecord
        {
            At = time.GetUtcNow(),
            ActorId = actor.Id,
            Action = action,
            Target = target,
            Details = details,
            Outcome = outcome,
        };
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            // Once queued, the record is written even if the caller gives up: a refused or failed action stays recorded.
            await ChainedAsync(async (db, head, ct) =>
            {
                record.Sequence = head.Sequence + 1;
                record.Mac = AuditChain.Mac(key.Bytes, record, head.Mac);
                db.AuditRecords.Add(record);
                await db.SaveChangesAsync(ct);
            }, CancellationToken.None);
        }
        finally
        {
            _appendLock.Release();
        }
        logger.LogInformation("audit {Sequence} {Action} by {ActorId} on {Target}: {Outcome}", record.Sequence, action, actor.Id, target, outcome);
        if (record.Sequence % options.Value.AnchorEvery == 0)
        {
            anchors.Anchor(record.Sequence!.Value, record.Mac!);
        }
    }

    /// <summary>The chain's head: the last record's number and MAC (0 and <see cref="AuditChain.Genesis"/> when empty).</summary>
    public async Task<(long Sequence, string Mac)> HeadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadHeadAsync(db, cancellationToken);
    }

    /// <summary>Anchors the head when it moved past the last anchor of this process; returns the head.</summary>
    public async Task<long> AnchorHeadAsync(CancellationToken cancellationToken)
    {
        var (sequence, mac) = await HeadAsync(cancellationToken);
        if (sequence > 0 && sequence > anchors.LastAnchored)
        {
            anchors.Anchor(sequence, mac);
        }
        return sequence;
    }

    /// <summary>
    /// Chains records written before the chain existed (no number, no MAC), in the order they were written. Only while no
    /// record is chained yet: afterwards an unchained record is something verification reports, never something to seal.
    /// </summary>
    public async Task<int> SealUnchainedAsync(CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken);
        try
        {
            return await ChainedAsync(async (db, head, ct) =>
            {
                if (head.Sequence > 0)
                {
                    return 0;
                }
                var legacy = await db.AuditRecords.Where(r => r.Sequence == null).OrderBy(r => r.Id).ToListAsync(ct);
                var previous = head.Mac;
                var sequence = 0L;
                foreach (var record in legacy)
                {
                    record.Sequence = ++sequence;
                    record.Mac = previous = AuditChain.Mac(key.Bytes, record, previous);
                }
                await db.SaveChangesAsync(ct);
                return legacy.Count;
            }, cancellationToken);
        }
        finally
        {
            _appendLock.Release();
        }
    }

    private async Task ChainedAsync(Func<SecOpsDbContext, (long Sequence, string Mac), CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await ChainedAsync<bool>(async (db, head, ct) =>
        {
            await work(db, head, ct);
            return true;
        }, cancellationToken);

    private async Task<T> ChainedAsync<T>(Func<SecOpsDbContext, (long Sequence, string Mac), CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // On SQLite a transaction begins immediate (Microsoft.Data.Sqlite's default), taking the file's write lock before the head is read.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TakeAcrossInstancesAsync(StoreLocks.AuditChain, cancellationToken);
        var result = await work(db, await ReadHeadAsync(db, cancellationToken), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<(long Sequence, string Mac)> ReadHeadAsync(SecOpsDbContext db, CancellationToken cancellationToken)
    {
        var head = await db.AuditRecords.AsNoTracking().Where(r => r.Sequence != null).OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Mac }).FirstOrDefaultAsync(cancellationToken);
        return head is null ? (0, AuditChain.Genesis) : (head.Sequence!.Value, head.Mac ?? "");
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(Actor actor, int take, CancellationToken cancellationToken) =>
        (await PageAsync(actor, 0, take, cancellationToken)).Records;

    /// <summary>One page of the trail, newest first, with the total count.</summary>
    public async Task<AuditPage> PageAsync(Actor actor, int skip, int take, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.AuditTrailRead))
        {
            throw new AccessDeniedException(Permission.AuditTrailRead);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.AuditRecords.CountAsync(cancellationToken);
        var records = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Sequence).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new AuditPage(records, total);
    }

    /// <summary>Every record in chain order, in pages, for the export (the caller has checked the permission).</summary>
    internal async IAsyncEnumerable<AuditRecord> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 2000;
        long afterId = 0;
        long afterSequence = -1;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            // Keyset over (Sequence, Id): unchained records (no number) first, by id.
            var batch = await db.AuditRecords.AsNoTracking()
                .Where(r => (r.Sequence ?? 0) > afterSequence || ((r.Sequence ?? 0) == afterSequence && r.Id > afterId))
                .OrderBy(r => r.Sequence ?? 0).ThenBy(r => r.Id).Take(page).ToListAsync(cancellationToken);
            foreach (var record in batch)
            {
                yield return record;
            }
            if (batch.Count < page)
            {
                yield break;
            }
            (afterSequence, afterId) = (batch[^1].Sequence ?? 0, batch[^1].Id);
        }
    }
}

public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, int Total);
