using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, single sign-on settings beyond the default: off (no button, no endpoint), accounts made on first sign-in
/// with mapped or default roles (never admin unless mapped), and the provider's MFA trusted in place of the TOTP step.
/// </summary>
public sealed class SingleSignOnConfigurationTests
{
    [Fact]
    public async Task WhenOff_TheSignInPageHasNoProviderButton_AndTheStartEndpointIsNotThere()
    {
        using var app = new SecOpsApp();
        using var browser = new AccountClient(app);

        var page = await browser.GetAsync("/account/login");

        Assert.Contains("<h1>Sign in</h1>", page.Html);
        Assert.DoesNotContain("Sign in with", page.Html);
        Assert.DoesNotContain("/account/sso", page.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/account/sso")).Status);
        using var provider = app.Client(apiKey: null);
        var logout = await provider.PostAsync(BackChannelLogout.Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = "x" }));
        Assert.Equal(HttpStatusCode.NotFound, logout.StatusCode);
    }

    [Fact]
    public async Task ClaimsFromUserInfo_LinksTheAccount_WhenOnlyTheUserInfoEndpointGivesTheEmail()
    {
        await using var provider = await OidcProvider.StartAsync();
        var person = new ProviderPerson("idp-userinfo", "userinfo@example.test", Name: "Userinfo Person") { ClaimsOnlyFromUserInfo = true };
        var withUserInfo = provider.Settings();
        withUserInfo["SecOps:Auth:Oidc:ClaimsFromUserInfo"] = "true";
        withUserInfo["SecOps:Auth:Oidc:CreateAccounts"] = "true";
        withUserInfo["SecOps:Auth:Oidc:RoleMap:secops-managers"] = Roles.Manager;
        var idTokenOnly = new Dictionary<string, string?>(withUserInfo) { ["SecOps:Auth:Oidc:ClaimsFromUserInfo"] = "false" };

        // Without it, the ID token alone has no email: the identity cannot be linked or given an account.
        using (var app = new SecOpsApp(idTokenOnly))
        {
            provider.Next = person with { Roles = ["secops-managers"] };
            using var browser = new AccountClient(app);
            var (page, url) = await browser.FollowAsync("/account/sso");
            Assert.Equal("/account/login", url.AbsolutePath);
            Assert.Contains("did not give a verified email address", page.Html);
            Assert.Equal(0, provider.UserInfoAnswers);
        }
        using var withIt = new SecOpsApp(withUserInfo);
        var existing = await AccountClient.CreateUserAsync(withIt, "userinfo@example.test", "correct horse battery staple", Roles.Analyst);
        provider.Next = person with { Roles = ["secops-managers"] };
        using var linked = new AccountClient(withIt);

        var (_, landed) = await linked.FollowAsync("/account/sso");

        Assert.Equal("/", landed.AbsolutePath);
        Assert.True(linked.HasCookie("secops.auth"));
        Assert.Equal(1, provider.UserInfoAnswers);
        await using var scope = withIt.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.Contains(await users.GetLoginsAsync((await users.FindByIdAsync(existing.Id))!), l => l.ProviderKey == "idp-userinfo");
        // Roles from userinfo make a new account's role as they would from the ID token.
        provider.Next = new ProviderPerson("idp-userinfo-new", "userinfo.new@example.test", Name: "New From Userinfo") { ClaimsOnlyFromUserInfo = true, Roles = ["secops-managers"] };
        using var created = new AccountClient(withIt);
        Assert.Equal("/compliance", (await created.FollowAsync("/account/sso?returnUrl=%2Fcompliance")).Url.AbsolutePath);
        var made = await users.FindByEmailAsync("userinfo.new@example.test");
        Assert.Equal("New From Userinfo", made!.DisplayName);
        Assert.Equal([Roles.Manager], await users.GetRolesAsync(made));
    }

    [Fact]
    public async Task ReturnsFromTheProvider_CountTowardsTheSignInRateLimit_SoForgedOnesCannotFloodTheAuditTrail()
    {
        await using var provider = await OidcProvider.StartAsync();
        var settings = provider.Settings();
        settings["SecOps:Accounts:SignInAttemptsPerMinute"] = "2";
        using var app = new SecOpsApp(settings);
        using var browser = new AccountClient(app);

        var forged = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            forged.Add((await browser.GetAsync(SingleSignOnSetup.CallbackPath + "?code=forged&state=forged")).Status);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], forged);
        var audit = await app.Get<AuditTrail>().ListAsync(Actor.System, 100, CancellationToken.None);
        Assert.Equal(2, audit.Count(r => r.Action == "account.sign-in" && r.Outcome == AuditOutcome.Failed && r.Details!.StartsWith("OpenID Connect:", StringComparison.Ordinal)));
        Assert.Single(audit, r => r.Action == "account.rate-limited");
    }

    [Fact]
    public async Task CreatingAccounts_GivesTheMappedRole_OrTheDefault_AndAnUnmappedAdminClaimGivesNoAdmin()
    {
        await using var provider = await OidcProvider.StartAsync();
        var settings = provider.Settings();
        settings["SecOps:Auth:Oidc:CreateAccounts"] = "true";
        settings["SecOps:Auth:Oidc:DefaultRole"] = Roles.Analyst;
        settings["SecOps:Auth:Oidc:RoleMap:secops-managers"] = Roles.Manager;
        using var app = new SecOpsApp(settings);

        provider.Next = new ProviderPerson("idp-new-manager", "new.manager@example.test", Name: "New Manager") { Roles = ["staff", "secops-managers"] };
        using (var browser = new AccountClient(app))
        {
            Assert.Equal("/compliance", (await browser.FollowAsync("/account/sso?returnUrl=%2Fcompliance")).Url.AbsolutePath);
        }
        provider.Next = new ProviderPerson("idp-new-admin", "claims.admin@example.test") { Roles = ["admin", "secops-admins"] };
        using (var browser = new AccountClient(app))
        {
            Assert.Equal("/", (await browser.FollowAsync("/account/sso")).Url.AbsolutePath);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var manager = await users.FindByEmailAsync("new.manager@example.test");
        var claimsAdmin = await users.FindByEmailAsync("claims.admin@example.test");
        Assert.Equal([Roles.Manager], await users.GetRolesAsync(manager!));
        Assert.Equal("New Manager", manager!.DisplayName);
        Assert.Equal([Roles.Analyst], await users.GetRolesAsync(claimsAdmin!));
        var audit = await app.Get<AuditTrail>().ListAsync(Actor.System, 100, CancellationToken.None);
        Assert.Contains(audit, r => r.ActorId == manager.Id && r.Action == "account.create" && r.Details == "first sign-in via OpenID Connect, role manager");
        Assert.Contains(audit, r => r.ActorId == claimsAdmin!.Id && r.Action == "account.create" && r.Details == "first sign-in via OpenID Connect, role analyst");
    }

    [Fact]
    public async Task TrustingTheProvidersMfa_SkipsTheTotpStep_OnlyWhenAmrSaysMfa()
    {
        await using var provider = await OidcProvider.StartAsync();
        var settings = provider.Settings();
        settings["SecOps:Auth:Oidc:TrustProviderMfa"] = "true";
        using var app = new SecOpsApp(settings);
        const string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var user = await AccountClient.CreateUserAsync(app, "trusted@example.test", "correct horse battery staple", Roles.Responder, key);

        provider.Next = new ProviderPerson("idp-trusted", "trusted@example.test") { Methods = ["pwd"] };
        using (var passwordOnly = new AccountClient(app))
        {
            Assert.Equal("/account/login/mfa", (await passwordOnly.FollowAsync("/account/sso")).Url.AbsolutePath);
            Assert.False(passwordOnly.HasCookie("secops.auth"));
        }
        provider.Next = new ProviderPerson("idp-trusted", "trusted@example.test") { Methods = ["pwd", "mfa"] };
        using var withMfa = new AccountClient(app);
        var (_, url) = await withMfa.FollowAsync("/account/sso?returnUrl=%2Fincidents");

        Assert.Equal("/incidents", url.AbsolutePath);
        Assert.True(withMfa.HasCookie("secops.auth"));
        Assert.Contains(await app.Get<AuditTrail>().ListAsync(Actor.System, 100, CancellationToken.None),
            r => r.ActorId == user.Id && r.Action == "account.sign-in" && r.Details == "OpenID Connect, the provider's MFA accepted");
    }
}
