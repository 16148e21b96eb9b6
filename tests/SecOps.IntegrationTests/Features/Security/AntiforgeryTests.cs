using System.Net;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Security;

/// <summary>Issue #12, hardening: a form post from another site (no antiforgery token, or someone else's) changes nothing.</summary>
public sealed class AntiforgeryTests(AntiforgeryTests.App app) : IClassFixture<AntiforgeryTests.App>
{
    private const string Password = "Antiforgery-Tests-Pw-31";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    private static HttpRequestMessage CrossOrigin(string path, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Referrer = new Uri("https://evil.example/phish");
        return request;
    }

    private async Task<string> AnalystAsync()
    {
        var email = $"af-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        return email;
    }

    [Fact]
    public async Task CrossOriginSignIn_WithoutAToken_IsRefused_AndSignsNobodyIn()
    {
        var email = await AnalystAsync();
        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };

        using var response = await client.SendAsync(CrossOrigin("/account/login", new()
        {
            ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "secops.auth");
    }

    [Fact]
    public async Task CrossOriginSignIn_WithAnotherBrowsersToken_IsRefused()
    {
        var email = await AnalystAsync();
        using var attacker = new AccountClient(app);
        var page = await attacker.GetAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookies = new CookieContainer();
        using var victim = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.BaseAddress };

        using var response = await victim.SendAsync(CrossOrigin("/account/login", new()
        {
            ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "secops.auth");
    }

    [Fact]
    public async Task CrossOriginSignOut_WithoutAToken_IsRefused_AndTheSessionLives()
    {
        var email = await AnalystAsync();
        using var browser = new AccountClient(app);
        Assert.Equal("/", (await browser.SubmitPasswordAsync(email, Password)).Location);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = browser.Cookies }) { BaseAddress = app.BaseAddress };

        using var response = await client.SendAsync(CrossOrigin("/account/logout", []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.GetAsync("/account/alive")).Status);
    }
}
