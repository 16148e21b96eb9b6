using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// A browser without a browser: keeps cookies, follows no redirects, posts the account pages' forms with their
/// antiforgery token, as a person signing in does.
/// </summary>
public sealed partial class AccountClient : IDisposable
{
    private readonly HttpClient _client;

    public AccountClient(SecOpsApp app)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = app.BaseAddress };
    }

    public CookieContainer Cookies { get; }

    public bool HasCookie(string name) => Cookies.GetAllCookies().Any(c => c.Name == name && !c.Expired);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"")]
    private static partial Regex MetaRefresh();

    /// <summary>
    /// Goes to <paramref name="path"/> and on as a browser would: redirects to other hosts (an identity provider) and
    /// back, and a page that moves on with a meta refresh. Returns the last page and where it is.
    /// </summary>
    public async Task<(Answer Page, Uri Url)> FollowAsync(string path)
    {
        var url = new Uri(_client.BaseAddress!, path);
        for (var hop = 0; hop < 20; hop++)
        {
            using var response = await _client.GetAsync(url);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = new Uri(url, location);
                continue;
            }
            var page = await Answer.FromAsync(response);
            if (MetaRefresh().Match(page.Html) is { Success: true } refresh)
            {
                url = new Uri(url, WebUtility.HtmlDecode(refresh.Groups[1].Value));
                continue;
            }
            return (page, url);
        }
        throw new InvalidOperationException($"more than 20 hops from {path}");
    }

    public async Task<Answer> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return await Answer.FromAsync(response);
    }

    /// <summary>The whole response, for files (the caller disposes it).</summary>
    public Task<HttpResponseMessage> GetResponseAsync(string path) => _client.GetAsync(path);

    /// <summary>Loads <paramref name="page"/> and posts its form <paramref name="handler"/> with the given fields.</summary>
    public async Task<Answer> PostAsync(string page, string handler, IDictionary<string, string> fields)
    {
        var form = await GetAsync(page);
        var token = TokenField().Match(form.Html);
        Assert.True(token.Success, $"{page} has no form: {(int)form.Status} {form.Location}");
        var body = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        using var response = await _client.PostAsync(page, new FormUrlEncodedContent(body));
        return await Answer.FromAsync(response);
    }

    /// <summary>A post with exactly these fields (the caller brings any token).</summary>
    public async Task<Answer> PostRawAsync(string path, IDictionary<string, string> fields)
    {
        using var response = await _client.PostAsync(path, new FormUrlEncodedContent(fields));
        return await Answer.FromAsync(response);
    }

    public Task<Answer> SubmitPasswordAsync(string email, string password, string returnUrl = "/") =>
        PostAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>The second step, on the page the password step sent to (it carries the return URL).</summary>
    public Task<Answer> SubmitCodeAsync(string code, bool rememberDevice = false, string page = "/account/login/mfa") =>
        PostAsync(page, "mfa", rememberDevice
            ? new Dictionary<string, string> { ["Input.Code"] = code, ["Input.RememberDevice"] = "true" }
            : new Dictionary<string, string> { ["Input.Code"] = code });

    public Task<Answer> ConfirmEnrolmentAsync(string code, string page = MfaEnrolmentGate.EnrolPath) =>
        PostAsync(page, "enrol", new Dictionary<string, string> { ["Input.Code"] = code });

    public static string Totp(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key.Replace(" ", "").ToUpperInvariant())).ComputeTotp();

    /// <summary>Creates a person with one role (and, with <paramref name="totpKey"/>, TOTP already on).</summary>
    public static async Task<SecOpsUser> CreateUserAsync(SecOpsApp app, string email, string password, string role, string? totpKey = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (totpKey is not null)
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", totpKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    public void Dispose() => _client.Dispose();

    public sealed record Answer(HttpStatusCode Status, string Html, string? Location)
    {
        /// <summary>The redirect's target as a local path and query (the app writes absolute URLs to itself).</summary>
        public static async Task<Answer> FromAsync(HttpResponseMessage response)
        {
            var location = response.Headers.Location;
            var local = location is null ? null
                : location.IsAbsoluteUri ? (location.Authority == response.RequestMessage!.RequestUri!.Authority ? location.PathAndQuery : location.OriginalString)
                : location.OriginalString;
            return new(response.StatusCode, await response.Content.ReadAsStringAsync(), local);
        }
    }
}
