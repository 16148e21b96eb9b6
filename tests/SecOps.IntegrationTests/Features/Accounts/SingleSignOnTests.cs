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
