using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Accounts;

namespace SecOps.Tests.Features.Accounts;

public sealed class PasswordPolicyTests
{
    private static async Task<IdentityResult> ValidateAsync(string password) =>
        await new PasswordPolicy().ValidateAsync(null!, new SecOpsUser { Email = "someone@example.test" }, password);

    [Fact]
    public async Task LongPassphrase_WithoutSymbolsOrDigits_IsAccepted() =>
        Assert.True((await ValidateAsync("correct horse battery staple")).Succeeded);

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password123!")]
    [InlineData("123456789012")]
    public async Task WellKnownPassword_IsRefused(string password) =>
        Assert.Contains((await ValidateAsync(password)).Errors, e => e.Code == "PasswordCommon");

    [Fact]
    public async Task OverTheMaximumLength_IsRefused() =>
        Assert.Contains((await ValidateAsync(new string('x', PasswordPolicy.MaximumLength + 1))).Errors, e => e.Code == "PasswordTooLong");
}
