using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, data protection: TOTP keys and recovery codes are encrypted at rest with the Data Protection key ring,
/// keys stored in plain text before are still read and get encrypted at start, and a TOTP code (one time step) signs
/// in once only.
/// </summary>
public sealed class TotpSecretTests(TotpSecretTests.App app) : IClassFixture<TotpSecretTests.App>
{
    private const string Password = "Totp-Secret-Tests-Pw-31";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    private static string NewKey() => OtpNet.Base32Encoding.ToString(OtpNet.KeyGeneration.GenerateRandomKey(20));

    private async Task<string?> RawTokenAsync(string userId, string name)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == "[AspNetUserStore]" && t.Name == name)
            .Select(t => t.Value).SingleOrDefaultAsync();
    }

    private async Task<AccountClient.Answer> SignInAsync(string email, string code)
    {
        using var browser = new AccountClient(app);
        var first = await browser.SubmitPasswordAsync(email, Password, "/triage");
        Assert.StartsWith("/account/login/mfa", first.Location);
        return await browser.SubmitCodeAsync(code, page: first.Location!);
    }

    [Fact]
    public async Task AuthenticatorKey_IsStoredEncrypted_AndSignInWithAComputedCodeStillWorks()
    {
        var key = NewKey();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin, key);

        var raw = await RawTokenAsync(user.Id, "AuthenticatorKey");
        Assert.NotNull(raw);
        Assert.StartsWith(ProtectedTokenStore.Prefix, raw);
        Assert.DoesNotContain(key, raw, StringComparison.OrdinalIgnoreCase);
        // It is a Data Protection payload of the key, readable only through the app's key ring.
        var protector = app.Get<IDataProtectionProvider>().CreateProtector("SecOps.Accounts.UserTokens.v1");
        Assert.Equal(key, protector.Unprotect(raw[ProtectedTokenStore.Prefix.Length..]));

        var signedIn = await SignInAsync(email, AccountClient.Totp(key));
        Assert.Equal("/triage", signedIn.Location);
    }

    [Fact]
    public async Task RecoveryCodes_AreStoredEncrypted_AndStillRedeem()
    {
        var key = NewKey();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin, key);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SecOpsUser>>();
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!, 10))!.ToList();

        var raw = await RawTokenAsync(user.Id, "RecoveryCodes");
        Assert.NotNull(raw);
        Assert.StartsWith(ProtectedTokenStore.Prefix, raw);
        Assert.All(codes, c => Assert.DoesNotContain(c, raw));
        Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync((await users.FindByIdAsync(user.Id))!, codes[3])).Succeeded);
        Assert.Equal(9, await users.CountRecoveryCodesAsync((await users.FindByIdAsync(user.Id))!));
    }

    [Fact]
    public async Task KeyStoredInPlainTextBefore_IsStillRead_AndEncryptedByTheStartMigration()
    {
        var key = NewKey();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin, key);
        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            // As an older version left it: the Base32 key itself in the row.
            Assert.Equal(1, await db.UserTokens.Where(t => t.UserId == user.Id && t.Name == "AuthenticatorKey")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, key)));
        }
        Assert.Equal(key, await RawTokenAsync(user.Id, "AuthenticatorKey"));
        Assert.Equal("/triage", (await SignInAsync(email, AccountClient.Totp(key))).Location);

        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.True(await ProtectedTokenStore.MigrateAsync(db, app.Get<IDataProtectionProvider>(), CancellationToken.None) >= 1);
        }

        var raw = await RawTokenAsync(user.Id, "AuthenticatorKey");
        Assert.StartsWith(ProtectedTokenStore.Prefix, raw);
        Assert.DoesNotContain(key, raw!, StringComparison.OrdinalIgnoreCase);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<SecOpsUser>>();
        Assert.Equal(key, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id))!));
    }

    [Fact]
    public async Task SameCode_SecondTime_IsRefused_ForThatPersonOnly()
    {
        var key = NewKey();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        var other = $"admin-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin, key);
        await AccountClient.CreateUserAsync(app, other, Password, Roles.Admin, key);
        // One code for one time step, computed once and sent three times.
        var code = AccountClient.Totp(key);

        var first = await SignInAsync(email, code);
        var replayed = await SignInAsync(email, code);
        var otherPerson = await SignInAsync(other, code);

        Assert.Equal("/triage", first.Location);
        Assert.Null(replayed.Location);
        Assert.Contains("The code is not right.", replayed.Html);
        Assert.Equal("/triage", otherPerson.Location);
    }

    [Fact]
    public async Task SameCode_SentByConcurrentSignIns_SignsInOnce()
    {
        var key = NewKey();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Admin, key);
        var browsers = Enumerable.Range(0, 4).Select(_ => new AccountClient(app)).ToList();
        try
        {
            var pages = new List<string>();
            foreach (var browser in browsers)
            {
                pages.Add((await browser.SubmitPasswordAsync(email, Password, "/triage")).Location!);
            }
            var code = AccountClient.Totp(key);

            var answers = await Task.WhenAll(browsers.Select((b, i) => b.SubmitCodeAsync(code, page: pages[i])));

            Assert.Equal(1, answers.Count(a => a.Location == "/triage"));
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }
}
