using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Components.Account;

/// <summary>Issue #12, hardening: a sign-in link whose return URL points elsewhere lands on a local page after sign-in.</summary>
public sealed class OpenRedirectTests(OpenRedirectTests.App app) : IClassFixture<OpenRedirectTests.App>
{
    private const string Password = "Open-Redirect-Tests-Pw-8";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("http:evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" //evil.example")]
    [InlineData("/\t/evil.example")]
    public async Task SignIn_WithAForeignReturnUrl_LandsOnTheOverview(string returnUrl)
    {
        var email = $"redirect-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        using var browser = new AccountClient(app);

        var answer = await browser.SubmitPasswordAsync(email, Password, returnUrl);

        Assert.True(browser.HasCookie("secops.auth"));
        Assert.Equal("/", answer.Location);
    }

    [Fact]
    public async Task SignIn_WithALocalReturnUrl_LandsThere()
    {
        var email = $"redirect-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        using var browser = new AccountClient(app);

        var answer = await browser.SubmitPasswordAsync(email, Password, "/incidents?status=open");

        Assert.Equal("/incidents?status=open", answer.Location);
    }
}
