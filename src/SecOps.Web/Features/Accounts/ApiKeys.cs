using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>Issues and revokes API keys. The key is returned once at creation; only its HMAC is kept.</summary>
public sealed class ApiKeys(IDbContextFactory<SecOpsDbContext> contexts, ApiKeyHasher hasher, AccessGuard access, AuditTrail audit, TimeProvider time,
    Live.HubKeyConnections hubConnections)
{
    public sealed record Issued(int Id, string Key, DateTimeOffset ExpiresAt);

    public async Task<Issued> CreateAsync(Actor actor, string name, IReadOnlyCollection<string> scopes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApiKeysManage, "api-key.create", null, cancellationToken);
        if (scopes.Count == 0 || scopes.Any(s => !PermissionTable.IsKnownScope(s)))
        {
            throw new ArgumentException("Scopes must be some of: ingest, read, metrics, incidents.", nameof(scopes));
        }
        var key = ApiKeyHasher.NewKey();
        var now = time.GetUtcNow();
        var entity = new ApiKey
        {
            Name = name.Trim(),
            KeyHash = hasher.Hash(key),
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.OrdinalIgnoreCase).Select(s => s.ToLowerInvariant())),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            CreatedBy = actor.Id,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.ApiKeys.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(actor, "api-key.create", "apikey:" + entity.Id, "scopes " + entity.Scopes, AuditOutcome.Success, cancellationToken);
        return new Issued(entity.Id, key, entity.ExpiresAt);
    }
    /// <summary>Every key, newest first, with who created it; never the key itself (only its HMAC is stored).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApiKeysManage, "api-key.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a key: the next request with it gets 401. False when there is no such key or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ApiKeysManage, "api-key.revoke", "apikey:" + id, cancellationToken);
        var now = time.GetUtcNow();
        int changed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            changed = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        }
        await audit.AppendAsync(actor, "api-key.revoke", "apikey:" + id, changed == 1 ? null : "no such active key", changed == 1 ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        if (changed == 1)
        {
            // Other instances close theirs at their next key check.
            hubConnections.Close(id);
        }
        return changed == 1;
    }
}
