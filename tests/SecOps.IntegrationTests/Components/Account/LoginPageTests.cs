using System.Net;
using System.Text.RegularExpressions;
using SecOps.IntegrationTests.Support;

namespace SecOps.IntegrationTests.Components.Account;

/// <summary>The sign-in form posted as a browser does (issue #14, defect 10: the password is never sent back).</summary>
public sealed partial class LoginPageTests : IClassFixture<LoginPageTests.App>
{
    public const string Email = "login-tests@example.test";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?>
    {
        ["SecOps:Bootstrap:AdminEmail"] = Email,
        ["SecOps:Bootstrap:AdminPassword"] = "Login-Tests-Right-Password-1",
    });

    private readonly App _app;

    public LoginPageTests(App app) => _app = app;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private async Task<(HttpStatusCode Status, string Html)> PostAsync(string email, string password)
    {
        var client = _app.Client(apiKey: null);
        using var form = await client.GetAsync("/account/login");
        var cookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = TokenField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("Cookie", cookies);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailedSignIn_NeverSendsThePasswordBack()
    {
        const string password = "Wrong-Password-Zq7Xv93kLm";

        var (status, html) = await PostAsync(Email, password);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("The email or password is not right.", html);
        Assert.DoesNotContain(password, html, StringComparison.Ordinal);
        Assert.DoesNotContain(WebUtility.HtmlEncode(password), html, StringComparison.Ordinal);
        Assert.Contains("value=\"" + Email + "\"", html);
    }

    [Fact]
    public async Task SignInThatFailsValidation_NeverSendsThePasswordBack()
    {
        const string password = "Another-Secret-Pw4Rr8sTt2";

        var (status, html) = await PostAsync("not an email", password);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEmailAndWrongPassword_GetTheSameMessage_AndAreBothAudited()
    {
        var (_, unknown) = await PostAsync("nobody-" + Guid.NewGuid().ToString("N") + "@example.test", "Some-Password-123456");
        var (_, wrong) = await PostAsync(Email, "Some-Password-123456");

        Assert.Equal(ErrorText(unknown), ErrorText(wrong));
        await using var db = await _app.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SecOps.Web.Data.SecOpsDbContext>>().CreateDbContextAsync();
        var failures = db.AuditRecords.Where(r => r.Action == "account.sign-in" && r.Outcome == SecOps.Web.Features.Audit.AuditOutcome.Failed).ToList();
        Assert.Contains(failures, r => r.ActorId == "anonymous");
        Assert.Contains(failures, r => r.ActorId != "anonymous");
        Assert.DoesNotContain(failures, r => (r.Details ?? "").Contains("Some-Password", StringComparison.Ordinal) || (r.Target ?? "").Contains('@'));
    }

    private static string ErrorText(string html) => Regex.Match(html, "<p class=\"account-error\" role=\"alert\">([^<]*)</p>").Groups[1].Value;
}
