using System.Net;
using System.Text.RegularExpressions;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// Signs the benchmark administrator in as a browser's form posts would: the sign-in form, then the TOTP step (the host
/// pre-enrols the secret), each with the form's hidden fields (antiforgery token, form name). The cookie container then
/// holds the auth cookie every light circuit sends, as tabs of one browser share theirs.
/// </summary>
public static partial class CookieSignIn
{
    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\b(type|name|value)=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Attribute();

    public static async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(Uri baseAddress)
    {
        var cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = true, UseProxy = false, MaxConnectionsPerServer = 32 };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var login = new Uri(baseAddress, "/account/login");
        var mfa = await PostFormAsync(client, login, await client.GetStringAsync(login), new()
        {
            ["Input.Email"] = BenchmarkHost.AdminEmail,
            ["Input.Password"] = BenchmarkHost.AdminPassword,
        });
        if (!mfa.Uri.AbsolutePath.StartsWith("/account/login/mfa", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Sign-in did not lead to the MFA step but to {mfa.Uri}.");
        }
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(BenchmarkHost.AdminTotpSecret)).ComputeTotp();
        var signedIn = await PostFormAsync(client, mfa.Uri, mfa.Html, new() { ["Input.Code"] = code });
        if (signedIn.Uri.AbsolutePath.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The MFA step did not sign in (still at {signedIn.Uri}).");
        }
        return (client, cookies);
    }

    /// <summary>The hidden inputs of a page (Blazor's static forms carry the antiforgery token and the form's name in them).</summary>
    public static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match tag in InputTag().Matches(html))
        {
            var attributes = Attribute().Matches(tag.Value).ToDictionary(a => a.Groups[1].Value.ToLowerInvariant(), a => WebUtility.HtmlDecode(a.Groups[2].Value));
            if (attributes.GetValueOrDefault("type")?.Equals("hidden", StringComparison.OrdinalIgnoreCase) == true && attributes.TryGetValue("name", out var name))
            {
                fields[name] = attributes.GetValueOrDefault("value") ?? "";
            }
        }
        return fields;
    }

    private static async Task<(Uri Uri, string Html)> PostFormAsync(HttpClient client, Uri page, string html, Dictionary<string, string> values)
    {
        var fields = HiddenFields(html);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }
        using var response = await client.PostAsync(page, new FormUrlEncodedContent(fields));
        response.EnsureSuccessStatusCode();
        return (response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());
    }
}
