using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server: discovery, authorization code with PKCE, signed identity tokens
/// from ephemeral keys) on loopback in the test process. It has no sign-in page of its own: the person it vouches for at
/// the next authorization request is <see cref="Next"/>, as if they had just signed in there.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "secops";
    public const string ClientSecret = "secops-test-client-secret";

    /// <summary>The provider's session id in ID tokens and logout tokens.</summary>
    private const string ProviderSessionClaim = "sid";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app, Uri authority)
    {
        _app = app;
        Authority = authority;
    }

    public Uri Authority { get; }

    /// <summary>Who the provider signs in at the next authorization request.</summary>
    public ProviderPerson? Next { get; set; }

    /// <summary>
    /// Show a page with a Continue button before answering, as a real provider's sign-in page does: the way back to the
    /// app is then a navigation the provider's page starts (cross-site), not the tail of one the app's page started.
    /// </summary>
    public bool AsksToContinue { get; set; }

    private int _codesRedeemed;

    /// <summary>How many token requests with the right client credentials reached the token endpoint.</summary>
    public int CodesRedeemed => Volatile.Read(ref _codesRedeemed);

    private readonly System.Collections.Concurrent.ConcurrentQueue<ProviderSignOutRequest> _signOuts = new();

    /// <summary>Every sign-out request that reached the end-session endpoint and passed its checks, in order.</summary>
    public IReadOnlyList<ProviderSignOutRequest> SignOuts => [.. _signOuts];

    /// <summary>The app settings that point SecOps at this provider.</summary>
    /// <param name="host">
    /// The provider's host name as the app and the browser use it: <c>localhost</c> makes it another site than the app on
    /// 127.0.0.1, as a real provider is (SameSite cookies then behave as in production).
    /// </param>
    public Dictionary<string, string?> Settings(string displayName = "Test IdP", string? host = null) => new()
    {
        ["SecOps:Auth:Oidc:Enabled"] = "true",
        ["SecOps:Auth:Oidc:Authority"] = (host is null ? Authority : new UriBuilder(Authority) { Host = host }.Uri).ToString(),
        ["SecOps:Auth:Oidc:ClientId"] = ClientId,
        ["SecOps:Auth:Oidc:ClientSecret"] = ClientSecret,
        ["SecOps:Auth:Oidc:DisplayName"] = displayName,
        ["SecOps:Auth:Oidc:Scopes"] = "openid profile email roles",
        // Every test signs in from 127.0.0.1, two rate-limited requests a time.
        ["SecOps:Accounts:SignInAttemptsPerMinute"] = "1000",
    };

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        OidcProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/logout")
                .SetUserInfoEndpointUris("connect/userinfo");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.RegisterScopes(Scopes.Email, Scopes.Profile, Scopes.Roles);
            o.RegisterClaims(Claims.Email, Claims.EmailVerified, Claims.Name, Claims.Role, Claims.AuthenticationMethodReference);
            // No application store: the one client is checked by the two handlers below.
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough().EnableUserInfoEndpointPassthrough().DisableTransportSecurityRequirement();
            // Degraded mode checks no registered post-logout address: only loopback ones are accepted, as for redirect_uri.
            o.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!Uri.TryCreate(context.PostLogoutRedirectUri, UriKind.Absolute, out var back) || !back.IsLoopback)
                {
                    context.Reject(Errors.InvalidRequest, "unknown post_logout_redirect_uri");
                }
                return default;
            }));
            o.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || !Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect) || !redirect.IsLoopback)
                {
                    context.Reject(Errors.InvalidClient, "unknown client or redirect_uri");
                }
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "wrong client credentials");
                    return default;
                }
                Interlocked.Increment(ref self!._codesRedeemed);
                return default;
            }));
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/connect/authorize", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
            if (self!.AsksToContinue && !http.Request.Query.ContainsKey("continue"))
            {
                var fields = string.Concat(http.Request.Query.Select(p =>
                    $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode(p.Value.ToString())}\">"));
                return Results.Content($"<!DOCTYPE html><html><body><form method=\"get\">{fields}<button name=\"continue\" value=\"yes\">Continue</button></form></body></html>",
                    "text/html; charset=utf-8");
            }
            var person = self!.Next ?? throw new InvalidOperationException("the test did not say who signs in at the provider");
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, person.Subject));
            if (person.Session is not null)
            {
                identity.AddClaim(new Claim(ProviderSessionClaim, person.Session));
            }
            identity.AddClaim(new Claim(Claims.Name, person.Name));
            if (person.Email is not null)
            {
                identity.AddClaim(new Claim(Claims.Email, person.Email));
                identity.AddClaim(new Claim(Claims.EmailVerified, person.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
            }
            foreach (var role in person.Roles)
            {
                identity.AddClaim(new Claim("roles", role));
            }
            foreach (var method in person.Methods)
            {
                identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, method));
            }
            identity.SetScopes(request.GetScopes());
            // A provider that keeps the ID token small: only sub and sid in it, the rest for the userinfo endpoint.
            identity.SetDestinations(claim => !person.ClaimsOnlyFromUserInfo || claim.Type is Claims.Subject or ProviderSessionClaim or Claims.AuthenticationMethodReference
                ? [Destinations.AccessToken, Destinations.IdentityToken]
                : [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapGet("/connect/logout", async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
            // The id_token_hint, validated by OpenIddict as one of its own ID tokens.
            var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            self!._signOuts.Enqueue(new ProviderSignOutRequest(hint.Principal?.GetClaim(Claims.Subject), request.PostLogoutRedirectUri, request.ClientId));
            return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        app.MapMethods("/connect/userinfo", ["GET", "POST"], async (HttpContext http) =>
        {
            // The access token the app got with the code, validated by OpenIddict; the answer is the claims it carries.
            var caller = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (!caller.Succeeded)
            {
                return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }
            Interlocked.Increment(ref self!._userInfoAnswers);
            var principal = caller.Principal!;
            var answer = new Dictionary<string, object?> { [Claims.Subject] = principal.GetClaim(Claims.Subject) };
            foreach (var type in new[] { Claims.Email, Claims.Name })
            {
                if (principal.GetClaim(type) is { } value)
                {
                    answer[type] = value;
                }
            }
            if (principal.GetClaim(Claims.EmailVerified) is { } verified)
            {
                answer[Claims.EmailVerified] = verified == "true";
            }
            if (principal.GetClaims("roles") is { Length: > 0 } roles)
            {
                answer["roles"] = roles;
            }
            return Results.Json(answer);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new OidcProvider(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    private int _userInfoAnswers;

    /// <summary>How many userinfo requests with a valid access token were answered.</summary>
    public int UserInfoAnswers => Volatile.Read(ref _userInfoAnswers);

    /// <summary>
    /// A back-channel logout token as the provider would post it (OpenID Connect Back-Channel Logout 1.0), signed with the
    /// key its discovery document publishes; <paramref name="change"/> edits the claims to make a bad one.
    /// </summary>
    /// <param name="issuedAt">The <c>iat</c> (and <c>exp</c> two minutes later): the app's clock (a fake one in tests), which the app checks them by.</param>
    public string LogoutToken(string? subject, string? session, DateTimeOffset issuedAt, Action<Dictionary<string, object>>? change = null, SigningCredentials? signWith = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Authority.ToString(),
            ["aud"] = ClientId,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }
        if (session is not null)
        {
            claims["sid"] = session;
        }
        change?.Invoke(claims);
        var signing = signWith ?? _app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0];
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = signing,
            TokenType = "logout+jwt",
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A person as the provider knows them.</summary>
public sealed record ProviderPerson(string Subject, string? Email, bool EmailVerified = true, string Name = "Provider Person")
{
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The provider's session (<c>sid</c> in the ID token), if it names one.</summary>
    public string? Session { get; init; }

    /// <summary>Only <c>sub</c>, <c>sid</c> and <c>amr</c> in the ID token; email, name and roles only from the userinfo endpoint.</summary>
    public bool ClaimsOnlyFromUserInfo { get; init; }

    /// <summary>The <c>amr</c> values (how they signed in at the provider).</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["pwd"];
}

/// <summary>A sign-out the provider was asked for: whose ID token came as the hint, and where the browser goes back to.</summary>
public sealed record ProviderSignOutRequest(string? HintSubject, string? PostLogoutRedirectUri, string? ClientId);
