using Microsoft.EntityFrameworkCore;

namespace SecOps.Web.Data;

/// <summary>
/// Leases in the store, so that of several instances sharing one store exactly one tails a source: taking or renewing
/// a lease is one conditional UPDATE (mine, or expired), which the database applies atomically; a first claim is an
/// INSERT that a concurrent first claim makes fail on the key.
/// </summary>
public sealed class StoreLeases(IDbContextFactory<SecOpsDbContext> contexts, TimeProvider time, ILogger<StoreLeases> logger)
{
    /// <summary>This instance, as lease holders are recorded.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Takes the lease, or renews it when this instance holds it, until now + <paramref name="ttl"/>; true when this instance holds it.</summary>
    public async Task<bool> HoldAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + ttl;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == Holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until).SetProperty(l => l.Holder, Holder), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        db.Leases.Add(new StoreLease { Name = name, Holder = Holder, ExpiresAt = until, AcquiredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("This instance ({Holder}) took the lease {Lease}", Holder, name);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance made the first claim at the same moment.
            return false;
        }
    }

    /// <summary>Gives the lease up (on shutdown), so a standby instance takes over at once instead of after expiry.</summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Leases.Where(l => l.Name == name && l.Holder == Holder).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Who holds the lease now, if anyone whose lease has not expired.</summary>
    public async Task<string?> HolderOfAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Leases.Where(l => l.Name == name && l.ExpiresAt >= now).Select(l => l.Holder).FirstOrDefaultAsync(cancellationToken);
    }
}
