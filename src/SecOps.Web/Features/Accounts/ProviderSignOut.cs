using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Signing out at the single sign-on provider as well (RP-initiated logout): when the person's last sign-in through the
/// provider left its ID token (stored encrypted by <see cref="ExternalSignIn"/>), sign-out sends the browser to the
/// provider's <c>end_session_endpoint</c> with that token as <c>id_token_hint</c>, and the provider sends it back to
/// this app's sign-in page. The token is used once: sign-out ends every session of the person (a new security stamp),
/// so there is no other session left to sign out at the provider later.
/// </summary>
public sealed class ProviderSignOut(IOptions<SingleSignOnOptions> options, IOptionsMonitor<OpenIdConnectOptions> oidc, ILogger<ProviderSignOut> logger)
{
    public const string IdTokenName = "id_token";

    /// <summary>Where the provider sends the browser after signing out: a local page, the sign-in page.</summary>
    public const string ReturnPath = "/account/login";

    /// <summary>The provider's sign-out address for <paramref name="user"/>, or null to sign out here only (and the token is forgotten either way).</summary>
    public async Task<string?> EndSessionAddressAsync(HttpContext http, UserManager<SecOpsUser> users, SecOpsUser user)
    {
        var idToken = await users.GetAuthenticationTokenAsync(user, SingleSignOnOptions.Scheme, IdTokenName);
        if (idToken is null)
        {
            return null;
        }
        await users.RemoveAuthenticationTokenAsync(user, SingleSignOnOptions.Scheme, IdTokenName);
        if (!options.Value.Enabled)
        {
            return null;
        }
        string? endSession;
        try
        {
            var scheme = oidc.Get(SingleSignOnOptions.Scheme);
            endSession = scheme.ConfigurationManager is null ? null
                : (await scheme.ConfigurationManager.GetConfigurationAsync(http.RequestAborted)).EndSessionEndpoint;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            // Signing out here must never depend on the provider answering.
            logger.LogWarning("The provider's discovery document could not be read, so sign-out ended the SecOps session only: {Error}", e.Message);
            return null;
        }
        if (string.IsNullOrEmpty(endSession))
        {
            return null;
        }
        var back = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{ReturnPath}";
        return $"{endSession}{(endSession.Contains('?') ? '&' : '?')}id_token_hint={Uri.EscapeDataString(idToken)}"
            + $"&post_logout_redirect_uri={Uri.EscapeDataString(back)}&client_id={Uri.EscapeDataString(options.Value.ClientId ?? "")}";
    }
}
