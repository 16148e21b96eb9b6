using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// The OpenID Connect handler, when <see cref="SingleSignOnOptions.Enabled"/>: authorization code with PKCE, the result
/// held in Identity's short external cookie until <see cref="ExternalSignIn"/> turns it into a SecOps session.
/// </summary>
public static class SingleSignOnSetup
{
    public const string CallbackPath = "/account/sso/signin-oidc";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var services = authentication.Services;
        services.AddOptions<SingleSignOnOptions>().BindConfiguration(SingleSignOnOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ExternalSignIn>();
        services.AddSingleton<ProviderSignOut>();
        services.AddSingleton<BackChannelLogout>();
        var sso = configuration.GetSection(SingleSignOnOptions.SectionName).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        if (!sso.Enabled)
        {
            return authentication;
        }
        authentication.AddOpenIdConnect(SingleSignOnOptions.Scheme, sso.DisplayName, _ => { });
        services.AddOptions<OpenIdConnectOptions>(SingleSignOnOptions.Scheme).Configure<IOptions<SingleSignOnOptions>>((o, options) => Configure(o, options.Value));
        return authentication;
    }

    private static void Configure(OpenIdConnectOptions oidc, SingleSignOnOptions sso)
    {
        oidc.Authority = sso.Authority;
        oidc.ClientId = sso.ClientId;
        oidc.ClientSecret = sso.ClientSecret;
        // Plain HTTP to the provider only on loopback, as for every other connection the app makes.
        oidc.RequireHttpsMetadata = !Uri.TryCreate(sso.Authority, UriKind.Absolute, out var authority) || !authority.IsLoopback;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be Lax (a
        // form_post would need SameSite=None, which browsers drop without HTTPS).
        oidc.ResponseMode = "query";
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.Scope.Clear();
        foreach (var scope in sso.ScopeList())
        {
            oidc.Scope.Add(scope);
        }
        oidc.CallbackPath = CallbackPath;
        oidc.SignInScheme = IdentityConstants.ExternalScheme;
        // The provider's claim names as sent (sub, email, email_verified, amr), nothing renamed or dropped.
        oidc.MapInboundClaims = false;
        oidc.ClaimActions.Clear();
        // The handler runs these over the userinfo answer (over an empty one when userinfo is off): they only fill gaps.
        oidc.GetClaimsFromUserInfoEndpoint = sso.ClaimsFromUserInfo;
        foreach (var claim in new[] { "email", "email_verified", "name", sso.RoleClaim }.Distinct(StringComparer.Ordinal))
        {
            oidc.ClaimActions.Add(new UserInfoClaim(claim));
        }
        // Kept in the five-minute external cookie only until ExternalSignIn stores the ID token for ProviderSignOut.
        oidc.SaveTokens = true;
        oidc.Events.OnRemoteFailure = context => RefuseAsync(context.HttpContext, context, "the provider's answer failed validation: " + context.Failure?.GetType().Name);
        oidc.Events.OnAccessDenied = context => RefuseAsync(context.HttpContext, context, "the person declined at the provider");
    }

    /// <summary>
    /// A claim from the provider's userinfo answer, taken only when the ID token had none of that type: the signed ID token
    /// wins over the back-channel answer (the handler already checks that userinfo's <c>sub</c> is the ID token's).
    /// </summary>
    private sealed class UserInfoClaim(string type) : ClaimAction(type, ClaimValueTypes.String)
    {
        public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
        {
            if (identity.HasClaim(c => c.Type == ClaimType) || userData.ValueKind != JsonValueKind.Object || !userData.TryGetProperty(ClaimType, out var value))
            {
                return;
            }
            var values = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
            foreach (var text in values.Select(Text).OfType<string>())
            {
                identity.AddClaim(new Claim(ClaimType, text, ValueType, issuer));
            }
        }

        // Booleans as the ID token's email_verified reads ("true"), objects and nulls not at all.
        private static string? Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static async Task RefuseAsync<TOptions>(HttpContext http, HandleRequestContext<TOptions> context, string why) where TOptions : AuthenticationSchemeOptions
    {
        await http.RequestServices.GetRequiredService<Audit.AuditTrail>()
            .AppendAsync(Actor.Anonymous, "account.sign-in", null, "OpenID Connect: " + why, Audit.AuditOutcome.Failed, CancellationToken.None);
        context.Response.Redirect(ExternalSignIn.RefusedPath(ExternalSignIn.Refusal.Failed));
        context.HandleResponse();
    }
}
