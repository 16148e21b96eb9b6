using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

public sealed class BootstrapTests
{
    private static Dictionary<string, string?> Settings() => new()
    {
        ["SecOps:Bootstrap:AdminEmail"] = "root@example.test",
        ["SecOps:Bootstrap:AdminPassword"] = "Correct-Horse-Battery-9",
        ["SecOps:Bootstrap:AdminTotpSecret"] = "JBSWY3DPEHPK3PXPJBSWY3DP",
    };

    [Fact]
    public async Task SecondStartWithTheSameVariables_CreatesNothing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "secops-bootstrap-" + Guid.NewGuid().ToString("N"));
        using (var first = new SecOpsApp(Settings(), directory))
        {
            await AssertOneAdminAndOneKeyAsync(first);
        }
        using var second = new SecOpsApp(Settings(), directory);
        await AssertOneAdminAndOneKeyAsync(second);

        // And running it again inside one process changes nothing either.
        await using var scope = second.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().RunAsync(CancellationToken.None);
        await AssertOneAdminAndOneKeyAsync(second);
    }

    [Fact]
    public async Task BootstrapAdministrator_HasTheTotpSecretPreEnrolled()
    {
        using var app = new SecOpsApp(Settings());
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();

        var admin = await users.FindByEmailAsync("root@example.test");

        Assert.True(await users.GetTwoFactorEnabledAsync(admin!));
        Assert.Equal("JBSWY3DPEHPK3PXPJBSWY3DP", await users.GetAuthenticatorKeyAsync(admin!));
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DP")).ComputeTotp();
        Assert.True(await users.VerifyTwoFactorTokenAsync(admin!, TokenOptions.DefaultAuthenticatorProvider, code));
    }

    [Fact]
    public async Task BootstrapApiKey_HasIngestReadAndMetricsAndExpiresIn90Days()
    {
        using var app = new SecOpsApp();
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

        var key = await db.ApiKeys.SingleAsync();

        Assert.Equal(["ingest", "read", "metrics"], key.ScopeList);
        Assert.Equal(Bootstrap.ApiKeyLifetime, key.ExpiresAt - key.CreatedAt);
        Assert.DoesNotContain(SecOpsApp.BootstrapKey, key.KeyHash);
    }

    private static async Task AssertOneAdminAndOneKeyAsync(SecOpsApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        Assert.Single(await users.GetUsersInRoleAsync(Roles.Admin));
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.ApiKeys.CountAsync());
    }
}
