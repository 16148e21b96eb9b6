using Microsoft.EntityFrameworkCore;

namespace SecOps.Web.Data;

/// <summary>
/// Transaction-scoped locks shared by every instance writing one PostgreSQL store: each extends a process's own
/// serialisation to all instances, released when the transaction ends. SQLite has one writer per file (a transaction
/// begins immediate) and needs nothing more.
/// </summary>
public static class StoreLocks
{
    /// <summary>Numbering the change feed ("SecOpsCF" as bytes).</summary>
    public const long ChangeFeed = 0x5365634F70734346;

    /// <summary>Appending to the audit chain ("SecOpsAU" as bytes).</summary>
    public const long AuditChain = 0x5365634F70734155;

    /// <summary>Claiming an automation rule's firing, so the count of its firings in the window and the claim are one step ("SecOpsAF" as bytes).</summary>
    public const long AutomationFirings = 0x5365634F70734146;

    /// <summary>Waits for the lock named by <paramref name="key"/> in the current transaction (PostgreSQL only).</summary>
    public static async Task TakeAcrossInstancesAsync(this SecOpsDbContext db, long key, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
    }
}
