using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, OpenID Connect Back-Channel Logout 1.0 against a real provider (OpenIddict on loopback, whose signing key
/// signs the logout tokens): a valid token ends the person's sessions (the cookie is signed out at its next check, one
/// revalidation interval later on a fake clock), forged or malformed ones and replays are refused with 400 and end nothing.
/// </summary>
public sealed class BackChannelLogoutTests(BackChannelLogoutTests.Sso sso) : IClassFixture<BackChannelLogoutTests.Sso>
{
    private const string Password = "correct horse battery staple";

    public sealed class Sso : IAsyncLifetime
    {
        // Starts at the real time: the provider signs its ID tokens by the real clock, and the app checks them by it.
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public OidcProvider Provider { get; private set; } = null!;

        public SecOpsApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Provider = await OidcProvider.StartAsync();
            App = new SecOpsApp(Provider.Settings(), time: Time);
        }

        public async Task DisposeAsync()
        {
            App.Dispose();
            await Provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task ALogoutTokenForThePerson_SignsOutTheirCookieAtItsNextCheck_LeavesOthersAlone_AndIsAudited()
    {
        var (user, browser) = await SignedInAsync("idp-bcl-out", "bcl.out@example.test");
        var (_, other) = await SignedInAsync("idp-bcl-other", "bcl.other@example.test");

        var answer = await PostAsync(sso.Provider.LogoutToken("idp-bcl-out", null, sso.Time.GetUtcNow()));
        PassRevalidationInterval();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(await IsSignedInAsync(browser));
        Assert.True(await IsSignedInAsync(other));
        Assert.Contains(await AuditAsync(), r => r.Action == "account.sessions-ended" && r.Target == "user:" + user.Id && r.ActorId == Actor.System.Id
            && r.Outcome == AuditOutcome.Success && r.Details == "back-channel logout from the single sign-on provider");
        // The provider's session is over: its ID token is not kept for a later sign-out there.
        await using var scope = sso.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.Null(await users.GetAuthenticationTokenAsync((await users.FindByIdAsync(user.Id))!, SingleSignOnOptions.Scheme, ProviderSignOut.IdTokenName));
        browser.Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task ALogoutTokenNamingOnlyTheProvidersSession_SignsOutWhoSignedInFromIt()
    {
        var (_, browser) = await SignedInAsync("idp-bcl-sid", "bcl.sid@example.test", session: "provider-session-42");
        var (_, other) = await SignedInAsync("idp-bcl-sid-other", "bcl.sid.other@example.test", session: "provider-session-43");

        var answer = await PostAsync(sso.Provider.LogoutToken(null, "provider-session-42", sso.Time.GetUtcNow()));
        PassRevalidationInterval();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(await IsSignedInAsync(browser));
        Assert.True(await IsSignedInAsync(other));
        browser.Dispose();
        other.Dispose();
    }

    [Theory]
    [InlineData("signed with another key", "the token failed validation: SecurityTokenSignatureKeyNotFoundException")]
    [InlineData("for another client", "the token failed validation: SecurityTokenInvalidAudienceException")]
    [InlineData("from another issuer", "the token failed validation: SecurityTokenInvalidIssuerException")]
    [InlineData("without the logout event", "no back-channel logout event")]
    [InlineData("with a nonce", "a nonce is present")]
    [InlineData("without sub or sid", "neither sub nor sid")]
    [InlineData("without jti", "no jti")]
    [InlineData("issued ten minutes ago", "issued too long ago or in the future")]
    [InlineData("issued ten minutes ago, expiring in an hour", "issued too long ago or in the future")]
    [InlineData("expired", "the token failed validation: SecurityTokenInvalidLifetimeException")]
    [InlineData("not signed", "the token failed validation: ")]
    public async Task ABadLogoutToken_IsRefusedWith400_ForThatReason_AndEndsNoSession(string what, string why)
    {
        var subject = "idp-bcl-bad-" + Guid.NewGuid().ToString("N");
        var (user, browser) = await SignedInAsync(subject, subject + "@example.test");
        var now = sso.Time.GetUtcNow();
        var token = what switch
        {
            "signed with another key" => sso.Provider.LogoutToken(subject, null, now, signWith: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "attacker" }, SecurityAlgorithms.RsaSha256)),
            "for another client" => sso.Provider.LogoutToken(subject, null, now, c => c["aud"] = "another-client"),
            "from another issuer" => sso.Provider.LogoutToken(subject, null, now, c => c["iss"] = "http://127.0.0.2/"),
            "without the logout event" => sso.Provider.LogoutToken(subject, null, now, c => c.Remove("events")),
            "with a nonce" => sso.Provider.LogoutToken(subject, null, now, c => c["nonce"] = "n-0S6_WzA2Mj"),
            "without sub or sid" => sso.Provider.LogoutToken(null, null, now),
            "without jti" => sso.Provider.LogoutToken(subject, null, now, c => c.Remove("jti")),
            "issued ten minutes ago" => sso.Provider.LogoutToken(subject, null, now - TimeSpan.FromMinutes(10), c => c.Remove("exp")),
            "issued ten minutes ago, expiring in an hour" => sso.Provider.LogoutToken(subject, null, now - TimeSpan.FromMinutes(10), c => c["exp"] = (now + TimeSpan.FromHours(1)).ToUnixTimeSeconds()),
            "expired" => sso.Provider.LogoutToken(subject, null, now, c => c["exp"] = (now - TimeSpan.FromMinutes(3)).ToUnixTimeSeconds()),
            "not signed" => Unsigned(sso.Provider.LogoutToken(subject, null, now)),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var answer = await PostAsync(token);
        PassRevalidationInterval();

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
        Assert.True(error.GetProperty("error_description").GetString()!.StartsWith(why, StringComparison.Ordinal), error.GetProperty("error_description").GetString());
        Assert.True(await IsSignedInAsync(browser));
        Assert.DoesNotContain(await AuditAsync(), r => r.Action == "account.sessions-ended" && r.Target == "user:" + user.Id);
        browser.Dispose();
    }

    [Fact]
    public async Task AReplayedLogoutToken_IsRefusedWith400_AndLeavesTheNewSessionAlone()
    {
        var (user, first) = await SignedInAsync("idp-bcl-replay", "bcl.replay@example.test");
        var token = sso.Provider.LogoutToken("idp-bcl-replay", null, sso.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(token)).StatusCode);
        PassRevalidationInterval();
        Assert.False(await IsSignedInAsync(first));
        var (_, second) = await SignedInAsync("idp-bcl-replay", "bcl.replay@example.test", create: false);

        var replayed = await PostAsync(token);
        PassRevalidationInterval();

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.True(await IsSignedInAsync(second));
        Assert.Single(await AuditAsync(), r => r.Action == "account.sessions-ended" && r.Target == "user:" + user.Id);
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    [Trait("Store", TestStore.PostgresOnly)]
    public async Task ALogoutTokenPostedToOneInstance_EndsTheSessionOnAnother_AndItsReplayThereIsRefused()
    {
        var store = Path.Combine(Path.GetTempPath(), "secops-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
        var a = new SecOpsApp(sso.Provider.Settings(), store, sso.Time, keepStore: true);
        var b = new SecOpsApp(sso.Provider.Settings(), store, sso.Time, keepStore: true);
        try
        {
            await AccountClient.CreateUserAsync(a, "bcl.instances@example.test", Password, Roles.Analyst);
            sso.Provider.Next = new ProviderPerson("idp-bcl-instances", "bcl.instances@example.test");
            using var onB = new AccountClient(b);
            Assert.Equal("/", (await onB.FollowAsync("/account/sso")).Url.AbsolutePath);
            var token = sso.Provider.LogoutToken("idp-bcl-instances", null, sso.Time.GetUtcNow());

            var toA = await PostAsync(a, token);
            var replayedToB = await PostAsync(b, token);
            PassRevalidationInterval();

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (toA.StatusCode, replayedToB.StatusCode));
            Assert.False(await IsSignedInAsync(onB));
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            TestStore.Delete(store);
        }
    }

    [Fact]
    public async Task APostWithoutALogoutToken_IsRefusedWith400()
    {
        using var client = sso.App.Client(apiKey: null);

        var json = await client.PostAsync(BackChannelLogout.Path, new StringContent("{\"logout_token\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        var empty = await client.PostAsync(BackChannelLogout.Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["other"] = "x" }));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (json.StatusCode, empty.StatusCode));
    }

    private async Task<(SecOpsUser User, AccountClient Browser)> SignedInAsync(string subject, string email, string? session = null, bool create = true)
    {
        var user = create ? await AccountClient.CreateUserAsync(sso.App, email, Password, Roles.Analyst) : null;
        sso.Provider.Next = new ProviderPerson(subject, email) { Session = session };
        var browser = new AccountClient(sso.App);
        Assert.Equal("/", (await browser.FollowAsync("/account/sso")).Url.AbsolutePath);
        Assert.True(await IsSignedInAsync(browser));
        return (user!, browser);
    }

    private Task<HttpResponseMessage> PostAsync(string logoutToken) => PostAsync(sso.App, logoutToken);

    private static async Task<HttpResponseMessage> PostAsync(SecOpsApp app, string logoutToken)
    {
        // As the provider sends it: a form post from another server, no cookie, no antiforgery token.
        using var client = app.Client(apiKey: null);
        return await client.PostAsync(BackChannelLogout.Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = logoutToken }));
    }

    /// <summary>Past the cookie's next check of the account (<c>SecOps:Accounts:RevalidationInterval</c>, one minute here).</summary>
    private void PassRevalidationInterval() => sso.Time.Advance(TimeSpan.FromSeconds(61));

    private static async Task<bool> IsSignedInAsync(AccountClient browser) =>
        (await browser.GetAsync("/account/alive")).Status == HttpStatusCode.NoContent;

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var payload = token.Split('.')[1];
        return Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}") + "." + payload + ".";
    }

    private Task<IReadOnlyList<AuditRecord>> AuditAsync() => sso.App.Get<AuditTrail>().ListAsync(Actor.System, 500, CancellationToken.None);
}
