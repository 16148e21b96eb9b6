using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12: sign-in and second-step attempts are limited per account (not only per address), the count shared by every
/// instance on the store; the refusal says so plainly, checks no password, and is audited once per window.
/// </summary>
public sealed class AccountAttemptLimitTests
{
    private const string Password = "Attempt-Limit-Password-4";

    // A clock that stands still, so no test's attempts straddle two windows; TOTP codes computed from the real clock still fit.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static Dictionary<string, string?> Limit(int perAccount) => new()
    {
        ["SecOps:Accounts:SignInAttemptsPerAccountPerMinute"] = perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // The per-address limit stays out of the way: every request here comes from the same loopback address.
        ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000",
    };

    [Fact]
    public async Task OverTheAccountsLimit_EvenTheRightPassword_IsRefusedWithAClearMessage_OtherAccountsAreNot_AndOneRefusalIsAudited()
    {
        using var app = new SecOpsApp(Limit(3), time: _time);
        var ann = await AccountClient.CreateUserAsync(app, "ann@example.test", Password, Roles.Analyst);
        await AccountClient.CreateUserAsync(app, "bob@example.test", Password, Roles.Analyst);
        using var browser = new AccountClient(app);

        var wrong = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            wrong.Add((await browser.SubmitPasswordAsync("ann@example.test", "Wrong-Password-" + i)).Html);
        }
        var right = await browser.SubmitPasswordAsync("ANN@example.test", Password);
        var again = await browser.SubmitPasswordAsync("ann@example.test", Password);

        Assert.All(wrong, html => Assert.Contains("The email or password is not right.", html));
        Assert.Contains(AccountAttemptLimit.RefusalMessage, right.Html);
        Assert.Contains(AccountAttemptLimit.RefusalMessage, again.Html);
        Assert.False(browser.HasCookie("secops.auth"));
        using var bob = new AccountClient(app);
        Assert.Equal("/", (await bob.SubmitPasswordAsync("bob@example.test", Password)).Location);
        Assert.True(bob.HasCookie("secops.auth"));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var refusal = Assert.Single(await db.AuditRecords.Where(r => r.Action == "account.rate-limited").ToListAsync());
        Assert.Equal((AuditOutcome.Refused, "user:" + ann.Id), (refusal.Outcome, refusal.Target));
        // Refused attempts check no password, so they count as no failure towards Identity's lockout.
        Assert.Equal(3, await db.AuditRecords.CountAsync(r => r.Action == "account.sign-in" && r.Outcome == AuditOutcome.Failed && r.ActorId == ann.Id));
        // Only a keyed hash of the name is stored.
        Assert.DoesNotContain(await db.SignInAttemptWindows.Select(w => w.Account).ToListAsync(), a => a.Contains("ANN", StringComparison.OrdinalIgnoreCase));

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("/", (await browser.SubmitPasswordAsync("ann@example.test", Password)).Location);
    }

    [Fact]
    public async Task AnUnknownEmail_IsLimitedLikeAKnownOne_SoTheRefusalTellsNobodyWhichAccountsExist()
    {
        using var app = new SecOpsApp(Limit(2), time: _time);
        using var browser = new AccountClient(app);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await browser.SubmitPasswordAsync("nobody@example.test", "Wrong-Password-" + i)).Html);
        }

        Assert.All(answers.Take(2), html => Assert.Contains("The email or password is not right.", html));
        Assert.Contains(AccountAttemptLimit.RefusalMessage, answers[2]);
    }

    [Fact]
    public async Task SecondStepCodes_CountTowardsTheSameAccountLimit_AsThePassword()
    {
        using var app = new SecOpsApp(Limit(3), time: _time);
        var key = OtpNet.Base32Encoding.ToString(OtpNet.KeyGeneration.GenerateRandomKey(20));
        await AccountClient.CreateUserAsync(app, "cid@example.test", Password, Roles.Responder, key);
        using var browser = new AccountClient(app);

        var first = await browser.SubmitPasswordAsync("cid@example.test", Password);
        var wrongCodes = new[] { await browser.SubmitCodeAsync("000000", page: first.Location!), await browser.SubmitCodeAsync("000001", page: first.Location!) };
        var rightCode = await browser.SubmitCodeAsync(AccountClient.Totp(key), page: first.Location!);

        Assert.StartsWith("/account/login/mfa", first.Location);
        Assert.All(wrongCodes, answer => Assert.Contains("The code is not right.", answer.Html));
        Assert.Contains(AccountAttemptLimit.RefusalMessage, rightCode.Html);
        Assert.False(browser.HasCookie("secops.auth"));
    }

    [Fact]
    [Trait("Store", TestStore.PostgresOnly)]
    public async Task TheLimit_HoldsAcrossInstancesSharingTheStore()
    {
        var store = Path.Combine(Path.GetTempPath(), "secops-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
        var a = new SecOpsApp(Limit(4), store, _time, keepStore: true);
        var b = new SecOpsApp(Limit(4), store, _time, keepStore: true);
        try
        {
            await AccountClient.CreateUserAsync(a, "dee@example.test", Password, Roles.Analyst);
            using var onA = new AccountClient(a);
            using var onB = new AccountClient(b);

            for (var i = 0; i < 2; i++)
            {
                await onA.SubmitPasswordAsync("dee@example.test", "Wrong-Password-A" + i);
                await onB.SubmitPasswordAsync("dee@example.test", "Wrong-Password-B" + i);
            }
            var right = await onB.SubmitPasswordAsync("dee@example.test", Password);

            Assert.Contains(AccountAttemptLimit.RefusalMessage, right.Html);
            Assert.False(onB.HasCookie("secops.auth"));
            await using var db = TestStore.Open(store);
            Assert.Equal(1, await db.AuditRecords.CountAsync(r => r.Action == "account.rate-limited"));
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
            TestStore.Delete(store);
        }
    }
}
