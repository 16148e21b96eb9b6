using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Authenticates <c>Authorization: ApiKey &lt;key&gt;</c>, and the <c>ApiKey base64(id:key)</c> form that
/// Elasticsearch clients send; on endpoints marked <see cref="ApiKeyAsBasicPassword"/> also
/// <c>Basic base64(name:key)</c>. Keys are accepted only in headers, never in URLs.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<SecOpsDbContext> contexts,
    ApiKeyHasher hasher,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BasicPrefix = "Basic ";

    public static bool HasApiKeyHeader(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        IEnumerable<string> candidates;
        if (HasApiKeyHeader(Request))
        {
            candidates = Candidates(Request.Headers.Authorization.ToString()[(SchemeName.Length + 1)..].Trim());
        }
        else if (AcceptsBasic && Request.Headers.Authorization.ToString().StartsWith(BasicPrefix, StringComparison.OrdinalIgnoreCase))
        {
            candidates = BasicPassword(Request.Headers.Authorization.ToString()[BasicPrefix.Length..].Trim());
        }
        else
        {
            return AuthenticateResult.NoResult();
        }
        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var now = time.GetUtcNow();
        foreach (var candidate in candidates)
        {
            var hash = hasher.Hash(candidate);
            var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, Context.RequestAborted);
            if (key is null)
            {
                continue;
            }
            if (!key.IsActive(now))
            {
                return AuthenticateResult.Fail("The API key is expired or revoked.");
            }
            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, Actor.ApiKeyIdPrefix + key.Id),
                new(ClaimTypes.Name, "API key " + key.Name),
            };
            claims.AddRange(key.ScopeList.Select(s => new Claim(Actor.ScopeClaim, s)));
            if (key.CreatedBy is { } owner && owner != Actor.System.Id)
            {
                claims.Add(new Claim(Actor.OwnerClaim, owner));
            }
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        return AuthenticateResult.Fail("Unknown API key.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // Basic is accepted where shippers need it but never asked for: a Basic challenge would make browsers prompt for and
        // remember credentials, which they would then send along with cross-site requests.
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    private bool AcceptsBasic => Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyAsBasicPassword>() is not null;

    /// <summary>The password of <c>Basic base64(name:password)</c>; the name is ignored.</summary>
    private static IEnumerable<string> BasicPassword(string presented) =>
        presented.Length is 0 or > 1024 || SecretAfterColon(presented) is not { } password ? [] : [password];

    /// <summary>The key as sent, and the key inside an Elasticsearch-style <c>base64(id:key)</c>.</summary>
    private static IEnumerable<string> Candidates(string presented) =>
        presented.Length is 0 or > 512 ? [] : SecretAfterColon(presented) is { } key ? [presented, key] : [presented];

    /// <summary>What follows the first colon of a base64-encoded <c>name:secret</c>; null when it is not one.</summary>
    private static string? SecretAfterColon(string base64)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return null;
        }
        var decoded = Encoding.UTF8.GetString(buffer, 0, written);
        var colon = decoded.IndexOf(':');
        return colon >= 0 && colon < decoded.Length - 1 ? decoded[(colon + 1)..] : null;
    }
}
