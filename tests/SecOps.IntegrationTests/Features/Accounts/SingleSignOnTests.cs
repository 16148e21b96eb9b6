using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, optional OpenID Connect single sign-on, end to end against a real provider (OpenIddict on loopback,
/// <see cref="OidcProvider"/>): the browser goes to the provider and back, the app redeems the code with PKCE and its
/// secret, and the identity signs in as the SecOps account it is linked to (ExternalSignIn).
/// </summary>
public sealed class SingleSignOnTests(SingleSignOnTests.Sso sso) : IClassFixture<SingleSignOnTests.Sso>
{
    private const string Password = "correct horse battery staple";

    public sealed class Sso : IAsyncLifetime
    {
        public OidcProvider Provider { get; private set; } = null!;

        public SecOpsApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Provider = await OidcProvider.StartAsync();
            App = new SecOpsApp(Provider.Settings());
        }

        public async Task DisposeAsync()
        {
            App.Dispose();
            await Provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnExistingAccount_WithTheProvidersVerifiedEmail_IsLinked_AndLandsSignedInWithItsRoles()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "manager.sso@example.test", Password, Roles.Manager);
        sso.Provider.Next = new ProviderPerson("idp-manager", "manager.sso@example.test");
        var redeemedBefore = sso.Provider.CodesRedeemed;
        using var browser = new AccountClient(sso.App);

        var (page, url) = await browser.FollowAsync("/account/sso?returnUrl=" + Uri.EscapeDataString("/compliance"));

        // Compliance is for managers and administrators only (others land on /account/denied): the session carries the account's role.
        Assert.Equal("/compliance", url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(browser.HasCookie("secops.auth"));
        Assert.Equal(redeemedBefore + 1, sso.Provider.CodesRedeemed);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync("/account/alive")).Status);
        Assert.Contains(await LoginsAsync(user.Id), l => l.LoginProvider == SingleSignOnOptions.Scheme && l.ProviderKey == "idp-manager");
        var audit = await AuditAsync();
        Assert.Contains(audit, r => r.ActorId == user.Id && r.Action == "account.sso-link" && r.Outcome == AuditOutcome.Success);
        Assert.Contains(audit, r => r.ActorId == user.Id && r.Action == "account.sign-in" && r.Outcome == AuditOutcome.Success && r.Details == "OpenID Connect");

        // The next time the link is used, whatever email the provider now gives.
        sso.Provider.Next = new ProviderPerson("idp-manager", "renamed@example.test");
        using var again = new AccountClient(sso.App);
        var (_, secondUrl) = await again.FollowAsync("/account/sso?returnUrl=" + Uri.EscapeDataString("/compliance"));
        Assert.Equal("/compliance", secondUrl.AbsolutePath);
        Assert.Single(await LoginsAsync(user.Id));
    }

    [Fact]
    public async Task AnAdministratorUnlinkingTheIdentity_ForgetsTheLink_EndsTheSession_AndIsAudited()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "unlink.sso@example.test", Password, Roles.Analyst);
        sso.Provider.Next = new ProviderPerson("idp-unlink", "unlink.sso@example.test");
        using (var browser = new AccountClient(sso.App))
        {
            await browser.FollowAsync("/account/sso");
            Assert.True(browser.HasCookie("secops.auth"));
        }
        var linked = (await sso.App.Get<AdminUsers>().ListAsync(Admin, CancellationToken.None)).Single(u => u.Id == user.Id);
        Assert.True(linked.SingleSignOnLinked);

        var unlinked = await sso.App.Get<AdminUsers>().UnlinkSingleSignOnAsync(Admin, user.Id, CancellationToken.None);
        var again = await sso.App.Get<AdminUsers>().UnlinkSingleSignOnAsync(Admin, user.Id, CancellationToken.None);

        Assert.Equal((AdminOutcome.Applied, AdminOutcome.Failed), (unlinked.Outcome, again.Outcome));
        Assert.Empty(await LoginsAsync(user.Id));
        Assert.False((await sso.App.Get<AdminUsers>().ListAsync(Admin, CancellationToken.None)).Single(u => u.Id == user.Id).SingleSignOnLinked);
        var audit = await AuditAsync();
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Failed],
            audit.Where(r => r.Action == "account.sso-unlink" && r.Target == "user:" + user.Id && r.ActorId == Admin.Id).OrderBy(r => r.Sequence).Select(r => r.Outcome));
        // The provider's identity no longer reaches the account: with another email it is a stranger now.
        sso.Provider.Next = new ProviderPerson("idp-unlink", "someone.else@example.test");
        using var after = new AccountClient(sso.App);
        var (_, url) = await after.FollowAsync("/account/sso");
        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.False(after.HasCookie("secops.auth"));
        // Not for anyone but administrators.
        var analyst = new Actor(user.Id, "analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        await Assert.ThrowsAsync<AccessDeniedException>(() => sso.App.Get<AdminUsers>().UnlinkSingleSignOnAsync(analyst, user.Id, CancellationToken.None));
    }

    [Fact]
    public async Task SigningOut_AfterSingleSignOn_SignsOutAtTheProvider_WithTheIdTokenAsHint_AndComesBackToTheSignInPage()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "signout.sso@example.test", Password, Roles.Analyst);
        sso.Provider.Next = new ProviderPerson("idp-signout", "signout.sso@example.test");
        using var browser = new AccountClient(sso.App);
        await browser.FollowAsync("/account/sso");
        Assert.True(browser.HasCookie("secops.auth"));
        var before = sso.Provider.SignOuts.Count;

        var signOut = await SignOutAsync(browser);
        var (back, url) = await browser.FollowAsync(MetaRefreshTarget(signOut.Html));

        Assert.False(browser.HasCookie("secops.auth"));
        var atProvider = Assert.Single(sso.Provider.SignOuts.Skip(before));
        Assert.Equal(("idp-signout", new Uri(sso.App.BaseAddress, "/account/login").ToString(), OidcProvider.ClientId),
            (atProvider.HintSubject, atProvider.PostLogoutRedirectUri, atProvider.ClientId));
        Assert.Equal((HttpStatusCode.OK, "/account/login"), (back.Status, url.AbsolutePath));
        Assert.Equal(new Uri(sso.App.BaseAddress, "/account/login"), new Uri(url.GetLeftPart(UriPartial.Path)));
        Assert.Contains(await AuditAsync(), r => r.ActorId == user.Id && r.Action == "account.sign-out" && r.Details == "and at the single sign-on provider");
        // The ID token was used once: it is not kept after sign-out.
        await using var scope = sso.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.Null(await users.GetAuthenticationTokenAsync((await users.FindByIdAsync(user.Id))!, SingleSignOnOptions.Scheme, ProviderSignOut.IdTokenName));
    }

    [Fact]
    public async Task SigningOut_AfterAPasswordSignIn_StaysOnThisSite()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "password.only@example.test", Password, Roles.Analyst);
        using var browser = new AccountClient(sso.App);
        await browser.SubmitPasswordAsync("password.only@example.test", Password);
        var before = sso.Provider.SignOuts.Count;

        var signOut = await SignOutAsync(browser);

        Assert.Equal("/account/login", signOut.Location);
        Assert.Equal(before, sso.Provider.SignOuts.Count);
        Assert.Contains(await AuditAsync(), r => r.ActorId == user.Id && r.Action == "account.sign-out" && r.Details == null);
    }

    private static async Task<AccountClient.Answer> SignOutAsync(AccountClient browser)
    {
        var board = await browser.GetAsync("/triage");
        var token = System.Text.RegularExpressions.Regex.Match(board.Html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostRawAsync("/account/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
    }

    /// <summary>Where a page that moves on by itself (a meta refresh) goes.</summary>
    private static string MetaRefreshTarget(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"");
        Assert.True(match.Success, html);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static readonly Actor Admin = new("admin-sso", "admin", PermissionTable.ForRole(Roles.Admin).ToHashSet());

    [Fact]
    public async Task AnUnknownEmail_IsRefusedWithAClearMessage_NoAccountIsMade_AndTheRefusalIsAudited()
    {
        sso.Provider.Next = new ProviderPerson("idp-stranger", "stranger@example.test");
        using var browser = new AccountClient(sso.App);

        var (page, url) = await browser.FollowAsync("/account/sso");

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains("No SecOps account has the email address Test IdP gave", page.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        await using var scope = sso.App.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByEmailAsync("stranger@example.test"));
        Assert.Contains(await AuditAsync(), r => r.Action == "account.sso-link" && r.Outcome == AuditOutcome.Failed
            && r.Details == "OpenID Connect: refused, no account has the provider's email");
    }

    [Fact]
    public async Task AnUnverifiedEmail_IsNotLinkedToTheAccountWithThatEmail()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "unverified@example.test", Password, Roles.Analyst);
        sso.Provider.Next = new ProviderPerson("idp-unverified", "unverified@example.test", EmailVerified: false);
        using var browser = new AccountClient(sso.App);

        var (page, url) = await browser.FollowAsync("/account/sso");

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains("did not give a verified email address", page.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        Assert.Empty(await LoginsAsync(user.Id));
    }

    [Fact]
    public async Task ADisabledAccount_IsRefused_AndNotLinked()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "disabled.sso@example.test", Password, Roles.Analyst);
        await using (var db = TestStore.Open(sso.App.DataDirectory))
        {
            Assert.True(await AccountChanges.SetDisabledAsync(db, user.Id, disabled: true, CancellationToken.None));
        }
        sso.Provider.Next = new ProviderPerson("idp-disabled", "disabled.sso@example.test");
        using var browser = new AccountClient(sso.App);

        var (page, url) = await browser.FollowAsync("/account/sso");

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains("This SecOps account is disabled or locked.", page.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        Assert.Empty(await LoginsAsync(user.Id));
        Assert.Contains(await AuditAsync(), r => r.ActorId == user.Id && r.Action == "account.sso-link" && r.Outcome == AuditOutcome.Failed
            && r.Details == "OpenID Connect: refused, account disabled or locked");
    }

    [Fact]
    public async Task ALinkedAccountDisabledLater_IsRefusedAtItsNextSignIn()
    {
        var user = await AccountClient.CreateUserAsync(sso.App, "later@example.test", Password, Roles.Analyst);
        sso.Provider.Next = new ProviderPerson("idp-later", "later@example.test");
        using (var first = new AccountClient(sso.App))
        {
            Assert.Equal("/", (await first.FollowAsync("/account/sso")).Url.AbsolutePath);
        }
        await using (var db = TestStore.Open(sso.App.DataDirectory))
        {
            Assert.True(await AccountChanges.SetDisabledAsync(db, user.Id, disabled: true, CancellationToken.None));
        }
        using var browser = new AccountClient(sso.App);

        var (page, url) = await browser.FollowAsync("/account/sso");

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains("This SecOps account is disabled or locked.", page.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        Assert.Contains(await AuditAsync(), r => r.ActorId == user.Id && r.Action == "account.sign-in" && r.Outcome == AuditOutcome.Failed
            && r.Details == "OpenID Connect: account disabled or locked");
    }

    [Fact]
    public async Task AnAccountWithTotp_IsAskedForTheCodeAfterTheProvider_EvenWhenTheProviderSaysMfa()
    {
        const string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var user = await AccountClient.CreateUserAsync(sso.App, "responder.sso@example.test", Password, Roles.Responder, key);
        sso.Provider.Next = new ProviderPerson("idp-responder", "responder.sso@example.test") { Methods = ["pwd", "mfa"] };
        using var browser = new AccountClient(sso.App);

        var (_, url) = await browser.FollowAsync("/account/sso?returnUrl=" + Uri.EscapeDataString("/incidents"));

        Assert.Equal("/account/login/mfa", url.AbsolutePath);
        Assert.False(browser.HasCookie("secops.auth"));
        var verified = await browser.SubmitCodeAsync(AccountClient.Totp(key), page: url.PathAndQuery);
        Assert.Equal("/incidents", verified.Location);
        Assert.True(browser.HasCookie("secops.auth"));
        Assert.Contains(await AuditAsync(), r => r.ActorId == user.Id && r.Action == "account.sign-in" && r.Details == "OpenID Connect, then with TOTP");
    }

    [Fact]
    public async Task TheSignInPage_OffersTheProvider_WhenSingleSignOnIsOn()
    {
        using var browser = new AccountClient(sso.App);
        var page = await browser.GetAsync("/account/login?returnUrl=%2Ftriage");
        Assert.Contains("<a class=\"account-link\" href=\"/account/sso?returnUrl=%2Ftriage\" data-enhance-nav=\"false\">Sign in with Test IdP</a>", page.Html);
    }

    private async Task<IList<UserLoginInfo>> LoginsAsync(string userId)
    {
        await using var scope = sso.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        return await users.GetLoginsAsync((await users.FindByIdAsync(userId))!);
    }

    private Task<IReadOnlyList<AuditRecord>> AuditAsync() => sso.App.Get<AuditTrail>().ListAsync(Actor.System, 200, CancellationToken.None);
}
