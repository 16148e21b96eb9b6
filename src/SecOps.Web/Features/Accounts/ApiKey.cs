namespace SecOps.Web.Features.Accounts;

/// <summary>An API key as stored: only its HMAC-SHA-256, never the key itself.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>HMAC-SHA-256 of the key under the server's key-hash secret, hex; unique, so lookup is one index seek.</summary>
    public required string KeyHash { get; set; }

    /// <summary>Space-separated scopes: ingest, read, metrics.</summary>
    public required string Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? CreatedBy { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
