using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>Issue #12: the password policy and lockout as the app configures Identity.</summary>
public sealed class AccountsSetupTests
{
    [Fact]
    public async Task Passwords_NeedTwelveCharacters_AnyComposition_NotAWellKnownOne()
    {
        using var app = new SecOpsApp();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();

        var eleven = await users.CreateAsync(new SecOpsUser { UserName = "a@example.test", Email = "a@example.test" }, "abcdefghijk");
        var common = await users.CreateAsync(new SecOpsUser { UserName = "b@example.test", Email = "b@example.test" }, "password1234");
        var passphrase = await users.CreateAsync(new SecOpsUser { UserName = "c@example.test", Email = "c@example.test" }, "plain lower case words");

        Assert.Contains(eleven.Errors, e => e.Code == "PasswordTooShort");
        Assert.Contains(common.Errors, e => e.Code == "PasswordCommon");
        Assert.True(passphrase.Succeeded);
        Assert.Equal(5, users.Options.Lockout.MaxFailedAccessAttempts);
        Assert.True(users.Options.Lockout.AllowedForNewUsers);
    }
}
