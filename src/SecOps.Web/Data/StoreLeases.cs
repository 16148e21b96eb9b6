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

    /// <summary>
    /// Renews the lease when this instance holds it, else takes it when it is free or expired, until now + <paramref name="ttl"/>.
    /// <see cref="LeaseHold.Acquired"/> means another instance may have worked in between, so cached positions are stale.
    /// Expiry is judged by this instance's clock: instances sharing a store need synchronised clocks (NTP).
    /// </summary>
    public async Task<LeaseHold> HoldAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + ttl;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Leases.Where(l => l.Name == name && l.Holder == Holder)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1)
        {
            return LeaseHold.Renewed;
        }
        if (await db.Leases.Where(l => l.Name == name && l.ExpiresAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until).SetProperty(l => l.Holder, Holder).SetProperty(l => l.AcquiredAt, now), cancellationToken) == 1)
        {
            logger.LogInformation("This instance ({Holder}) took over the expired lease {Lease}", Holder, name);
            return LeaseHold.Acquired;
        }
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return LeaseHold.Standby;
        }
        db.Leases.Add(new StoreLease { Name = name, Holder = Holder, ExpiresAt = until, AcquiredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("This instance ({Holder}) took the lease {Lease}", Holder, name);
            return LeaseHold.Acquired;
        }
        catch (DbUpdateException)
        {
            // Another instance made the first claim at the same moment.
            return LeaseHold.Standby;
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

/// <summary>The outcome of <see cref="StoreLeases.HoldAsync"/>.</summary>
public enum LeaseHold
{
    /// <summary>Another instance holds the lease.</summary>
    Standby,

    /// <summary>This instance held it and still does.</summary>
    Renewed,

    /// <summary>This instance has just taken it (first claim, or over an expired holder).</summary>
    Acquired,
}
