using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: the provider posts a signed logout token when a person signs out there (or
/// their session there ends), and the SecOps sessions of the linked account end, by the same new security stamp as an
/// administrator's "end sessions" (every instance reads it from the store). The token is checked as the specification
/// says (signature by the provider's published keys, issuer, audience, <c>iat</c>, the logout event, no <c>nonce</c>,
/// <c>sub</c> and/or <c>sid</c>) and accepted once per <c>jti</c>.
/// </summary>
/// <remarks>
/// SecOps ends sessions per person, not per browser: a token naming one session at the provider (<c>sid</c>) ends all
/// of the person's SecOps sessions. That is more than the provider asked for, never less.
/// </remarks>
public sealed class BackChannelLogout(
    IOptions<SingleSignOnOptions> options,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    IDbContextFactory<SecOpsDbContext> contexts,
    UserSessions sessions,
    IOptions<AccountOptions> accounts,
    TimeProvider time,
    ILogger<BackChannelLogout> logger)
{
    public const string Path = SingleSignOnEndpoints.StartPath + "/backchannel-logout";

    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>A logout token is acted on only this soon after it was issued; its <c>jti</c> is remembered as long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>The provider's clock may run ahead of ours by this much.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>The user-token name under which a sign-in remembers the provider's session (<c>sid</c>), hashed.</summary>
    private static string SessionTokenName(string sid) => "sid:" + Hash(sid);

    public enum Result { Accepted, Refused, ProviderUnavailable }

    /// <summary>What the request came to: accepted (sessions ended or none to end), refused with why, or the provider's keys unreadable.</summary>
    public sealed record Outcome(Result Result, string? Why = null);

    public async Task<Outcome> ReceiveAsync(string? logoutToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(logoutToken))
        {
            return Refuse("no logout_token");
        }
        OpenIdConnectConfiguration provider;
        TokenValidationResult validated;
        try
        {
            var manager = oidc.Get(SingleSignOnOptions.Scheme).ConfigurationManager ?? throw new InvalidOperationException("no provider configuration");
            provider = await manager.GetConfigurationAsync(cancellationToken);
            validated = await ValidateAsync(logoutToken, provider);
            if (validated.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // The provider may have rotated its keys since they were read (the manager refreshes at most every few minutes).
                manager.RequestRefresh();
                provider = await manager.GetConfigurationAsync(cancellationToken);
                validated = await ValidateAsync(logoutToken, provider);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            logger.LogWarning("A back-channel logout could not be checked: the provider's discovery document or keys could not be read: {Error}", e.Message);
            return new(Result.ProviderUnavailable, "the provider's keys could not be read");
        }
        if (!validated.IsValid || validated.SecurityToken is not JsonWebToken token)
        {
            return Refuse("the token failed validation: " + validated.Exception?.GetType().Name);
        }
        var now = time.GetUtcNow();
        var (logout, why) = Read(token, now);
        if (logout is null)
        {
            return Refuse(why!);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await FirstUseAsync(db, provider.Issuer + "\n" + logout.Jti, logout.Issued + MaxAge + ClockSkew, now, cancellationToken))
        {
            return Refuse("replayed (a jti already seen)");
        }
        var userId = await PersonAsync(db, logout.Subject, logout.Session, cancellationToken);
        if (userId is null)
        {
            // Nobody here signed in with that identity or session: nothing to end, and the provider need not retry.
            logger.LogInformation("A back-channel logout named no SecOps account linked to the provider; nothing to end");
            return new(Result.Accepted);
        }
        // The provider's session is over: its ID token (for signing out there) and remembered sessions are of no further use.
        await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == SingleSignOnOptions.Scheme).ExecuteDeleteAsync(cancellationToken);
        await sessions.EndForProviderAsync(userId, cancellationToken);
        return new(Result.Accepted);
    }

    /// <summary>The claims a validly signed token must carry to be a logout token; or why it is not one.</summary>
    private sealed record LogoutClaims(string? Subject, string? Session, string Jti, DateTimeOffset Issued);

    private static (LogoutClaims? Claims, string? Why) Read(JsonWebToken token, DateTimeOffset now)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var claims = payload.RootElement;
        if (!claims.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(LogoutEvent, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return (null, "no back-channel logout event");
        }
        if (claims.TryGetProperty("nonce", out _))
        {
            // What tells a logout token from an ID token replayed here.
            return (null, "a nonce is present");
        }
        var subject = Text(claims, "sub");
        var session = Text(claims, "sid");
        if (subject is null && session is null)
        {
            return (null, "neither sub nor sid");
        }
        if (Text(claims, "jti") is not { Length: <= 512 } jti)
        {
            return (null, "no jti");
        }
        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var iatSeconds))
        {
            return (null, "no iat");
        }
        var issued = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
        return issued < now - MaxAge || issued > now + ClockSkew
            ? (null, "issued too long ago or in the future")
            : (new LogoutClaims(subject, session, jti, issued), null);
    }

    private Task<TokenValidationResult> ValidateAsync(string logoutToken, OpenIdConnectConfiguration provider) =>
        new JsonWebTokenHandler().ValidateTokenAsync(logoutToken, new TokenValidationParameters
        {
            ValidIssuer = provider.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = provider.SigningKeys,
            RequireSignedTokens = true,
            // exp is optional in logout tokens (iat is checked against MaxAge after this); by the app's clock, like everything else.
            RequireExpirationTime = false,
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, _) => IsWithin(notBefore, expires, time.GetUtcNow().UtcDateTime),
        });

    /// <summary>
    /// Remembers that the person signed in from the provider's session <paramref name="sid"/> (hashed, with the time), and
    /// forgets sessions older than the absolute session timeout, whose SecOps sessions have ended anyway.
    /// </summary>
    public async Task RememberSessionAsync(string userId, string sid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = (now - accounts.Value.AbsoluteTimeout).ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var remembered = await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == SingleSignOnOptions.Scheme && t.Name.StartsWith("sid:"))
            .ToListAsync(cancellationToken);
        var name = SessionTokenName(sid);
        var signedIn = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.UserTokens.RemoveRange(remembered.Where(t => t.Name != name && (!long.TryParse(t.Value, out var at) || at < cutoff)));
        if (remembered.FirstOrDefault(t => t.Name == name) is { } again)
        {
            again.Value = signedIn;
        }
        else
        {
            db.UserTokens.Add(new() { UserId = userId, LoginProvider = SingleSignOnOptions.Scheme, Name = name, Value = signedIn });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private Outcome Refuse(string why)
    {
        // Logged, not audited: anyone can post here, and the trail must not be floodable by forged tokens.
        logger.LogWarning("A back-channel logout was refused: {Why}", why);
        return new(Result.Refused, why);
    }

    /// <summary>Records the token as seen; false when it already was (here or on another instance). Old records go at the same time.</summary>
    private static async Task<bool> FirstUseAsync(SecOpsDbContext db, string issuerAndJti, DateTimeOffset forgetAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.SeenLogoutTokens.Where(t => t.ForgetAfter < now.ToUnixTimeSeconds()).ExecuteDeleteAsync(cancellationToken);
        var id = Hash(issuerAndJti);
        db.SeenLogoutTokens.Add(new SeenLogoutToken { Id = id, ForgetAfter = forgetAfter.ToUnixTimeSeconds() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The key was there already (a concurrent delivery included); anything else is a real failure.
            if (await db.SeenLogoutTokens.AsNoTracking().AnyAsync(t => t.Id == id, cancellationToken))
            {
                return false;
            }
            throw;
        }
    }

    /// <summary>The account linked to <paramref name="subject"/>, else the one that signed in with the provider session <paramref name="session"/>.</summary>
    private static async Task<string?> PersonAsync(SecOpsDbContext db, string? subject, string? session, CancellationToken cancellationToken)
    {
        if (subject is not null)
        {
            return await db.UserLogins.Where(l => l.LoginProvider == SingleSignOnOptions.Scheme && l.ProviderKey == subject)
                .Select(l => l.UserId).FirstOrDefaultAsync(cancellationToken);
        }
        var name = SessionTokenName(session!);
        return await db.UserTokens.Where(t => t.LoginProvider == SingleSignOnOptions.Scheme && t.Name == name)
            .Select(t => t.UserId).FirstOrDefaultAsync(cancellationToken);
    }

    private static bool IsWithin(DateTime? notBefore, DateTime? expires, DateTime now) =>
        (notBefore is null || notBefore.Value <= now + ClockSkew) && (expires is null || expires.Value >= now - ClockSkew);

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
