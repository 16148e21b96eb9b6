using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// The outbound allowlist administrators keep in the store, beside the configured one (read-only here). Adding a host
/// opens a way out of the network, so it is a critical action: asked for through <see cref="Approvals"/> and applied
/// here once a second administrator approved it. Removing one only narrows the allowlist and applies at once. Both are
/// audited. The outbound client reads the entries through <see cref="EntriesAsync"/> for every request: a change applies
/// at once on this instance and within <see cref="RefreshEvery"/> on others.
/// </summary>
public sealed class OutboundHosts(IDbContextFactory<SecOpsDbContext> contexts, IOptionsMonitor<OutboundOptions> options, AccessGuard access, AuditTrail audit,
    TimeProvider time) : IOutboundHostStore
{
    public const string AddAction = "outbound.host.add";
    public const string RemoveAction = "outbound.host.remove";
    public const string TargetPrefix = "outbound-host:";
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private volatile InForce? _inForce;

    private sealed record InForce(IReadOnlyList<string> Entries, long ReadAt);

    public static string Target(string entry) => TargetPrefix + entry;

    /// <summary>The entry an approval's target (<see cref="Target"/>) names.</summary>
    public static string EntryOf(string target) => target[TargetPrefix.Length..];

    /// <summary>The stored entries, without a permission check: for the outbound checks.</summary>
    public async Task<IReadOnlyList<string>> EntriesAsync(CancellationToken cancellationToken)
    {
        var current = _inForce;
        if (current is null || time.GetElapsedTime(current.ReadAt) >= RefreshEvery)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            current = new InForce(await db.OutboundHosts.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Entry).ToListAsync(cancellationToken), time.GetTimestamp());
            _inForce = current;
        }
        return current.Entries;
    }

    /// <summary>The configured entries, the stored ones and the additions waiting for a second administrator.</summary>
    public async Task<OutboundHostList> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.OutboundManage, "outbound.hosts", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.OutboundHosts.AsNoTracking().OrderBy(h => h.Entry).ToListAsync(cancellationToken);
        var pending = await db.Approvals.AsNoTracking().Where(a => a.Kind == ApprovalKind.AllowOutboundHost && a.State == ApprovalState.Pending)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var ids = stored.Select(h => h.AddedBy).Concat(pending.Select(a => a.RequestedBy)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrEmpty(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        var current = options.CurrentValue;
        return new OutboundHostList(
            [.. current.AllowedHosts.Select(h => h.Trim()).Where(h => h.Length > 0)],
            [.. stored.Select(h => new StoredOutboundHostEntry(h.Id, h.Entry, h.AddedAt, names.GetValueOrDefault(h.AddedBy, h.AddedBy)))],
            [.. pending.Select(a => new PendingOutboundHost(a.Id, EntryOf(a.TargetUserId), a.RequestedAt, names.GetValueOrDefault(a.RequestedBy, a.RequestedBy)))],
            current.AllowPlainHttp);
    }

    /// <summary>Why <paramref name="entry"/> (normalised) cannot be added: already configured or stored.</summary>
    public async Task<string?> DuplicateAsync(string entry, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.AllowedHosts.Any(h => string.Equals(h.Trim(), entry, StringComparison.OrdinalIgnoreCase)))
        {
            return $"{entry} is already allowlisted in the configuration.";
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OutboundHosts.AnyAsync(h => h.Entry == entry, cancellationToken) ? $"{entry} is already on the allowlist." : null;
    }

    /// <summary>
    /// Adds an entry. Only <see cref="Approvals"/> calls this, once the addition is approved (or may proceed unapproved);
    /// the check here still refuses anyone without the permission.
    /// </summary>
    internal async Task<AdminResult> AddAsync(Actor actor, string entry, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.OutboundManage, AddAction, Target(entry), cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.OutboundHosts.AnyAsync(h => h.Entry == entry, cancellationToken))
            {
                return new(AdminOutcome.Failed, $"{entry} is already on the allowlist.");
            }
            db.OutboundHosts.Add(new StoredOutboundHost { Entry = entry, AddedAt = time.GetUtcNow(), AddedBy = actor.Id });
            await db.SaveChangesAsync(cancellationToken);
        }
        _inForce = null;
        await audit.AppendAsync(actor, AddAction, Target(entry), "added", AuditOutcome.Success, cancellationToken);
        return new(AdminOutcome.Applied, $"{entry} is on the outbound allowlist now.");
    }

    /// <summary>Removes a stored entry at once: narrowing the allowlist needs no second administrator.</summary>
    public async Task<AdminResult> RemoveAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.OutboundManage, RemoveAction, TargetPrefix + id, cancellationToken);
        StoredOutboundHost? row;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            row = await db.OutboundHosts.FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
            if (row is null)
            {
                return new(AdminOutcome.Failed, "That entry is no longer on the allowlist.");
            }
            db.OutboundHosts.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        _inForce = null;
        await audit.AppendAsync(actor, RemoveAction, Target(row.Entry), "removed", AuditOutcome.Success, cancellationToken);
        return new(AdminOutcome.Applied, $"{row.Entry} removed from the outbound allowlist.");
    }
}

/// <summary>What <c>/admin/outbound</c> shows: configured entries (read-only), stored ones, additions waiting for approval.</summary>
public sealed record OutboundHostList(IReadOnlyList<string> Configured, IReadOnlyList<StoredOutboundHostEntry> Stored, IReadOnlyList<PendingOutboundHost> Pending, bool AllowPlainHttp);

public sealed record StoredOutboundHostEntry(long Id, string Entry, DateTimeOffset AddedAt, string AddedBy);

public sealed record PendingOutboundHost(long ApprovalId, string Entry, DateTimeOffset RequestedAt, string RequestedBy);
