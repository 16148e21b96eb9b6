using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// Appends audit records. Appends are serialised so the order in the table is the order of events;
/// the security work makes the trail tamper-evident (HMAC chain) on top of this single append point.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<SecOpsDbContext> contexts, TimeProvider time, ILogger<AuditTrail> logger)
{
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
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.AuditRecords.Add(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            _appendLock.Release();
        }
        logger.LogInformation("audit {Action} by {ActorId} on {Target}: {Outcome}", action, actor.Id, target, outcome);
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(Actor actor, int take, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.AuditTrailRead))
        {
            throw new AccessDeniedException(Permission.AuditTrailRead);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
    }
}
