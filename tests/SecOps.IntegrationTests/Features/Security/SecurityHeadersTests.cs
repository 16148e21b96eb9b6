using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Security;

namespace SecOps.IntegrationTests.Features.Security;

/// <summary>
/// Issue #12, hardening: the security headers on every kind of response (page, API, static file, errors, health), the
/// strictness of the content security policy, and no detailed error outside Development. HSTS over HTTPS (and not over
/// plain HTTP) is proven by <c>ForwardedHeadersTests</c>.
/// </summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.App app) : IClassFixture<SecurityHeadersTests.App>
{
    public const string ThrowPath = "/test/throw";
    public const string Secret = "secret-detail-7f3a: connection string Password=hunter2";

    /// <summary>The app with one more address that throws, inside the app's pipeline (exception handler and headers around it).</summary>
    public sealed class App : SecOpsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ThrowingEndpoint>());
        }
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            next(builder);
            // After the app's endpoints: reached only by an address nothing else serves, still inside its middleware.
            builder.Use((HttpContext context, RequestDelegate _) =>
                context.Request.Path == ThrowPath ? throw new InvalidOperationException(Secret) : _(context));
        };
    }

    public static TheoryData<string, string, bool, HttpStatusCode> ResponseKinds => new()
    {
        { "page", "/account/login", false, HttpStatusCode.OK },
        { "page (redirect to sign-in)", "/triage", false, HttpStatusCode.Redirect },
        { "API", "/api/v1/alerts", true, HttpStatusCode.OK },
        { "API error", "/api/v1/alerts?query=severity:(", true, HttpStatusCode.BadRequest },
        { "API unauthenticated", "/api/v1/alerts", false, HttpStatusCode.Unauthorized },
        { "static file", "/css/app.css", false, HttpStatusCode.OK },
        { "framework script", "/_framework/blazor.web.js", false, HttpStatusCode.OK },
        { "not found page", "/no-such-page", false, HttpStatusCode.NotFound },
        { "missing file", "/no-such-file.js", false, HttpStatusCode.NotFound },
        { "server error", ThrowPath, false, HttpStatusCode.InternalServerError },
        { "health live", "/health/live", false, HttpStatusCode.OK },
        { "health ready", "/health/ready", false, HttpStatusCode.OK },
        { "OpenAPI", "/openapi/v1.json", true, HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(ResponseKinds))]
    public async Task EveryResponseKind_CarriesTheSecurityHeaders(string kind, string path, bool withKey, HttpStatusCode status)
    {
        using var client = app.Client(withKey ? SecOpsApp.BootstrapKey : null);

        using var response = await client.GetAsync(path);

        Assert.True(status == response.StatusCode, $"{kind}: {(int)response.StatusCode}");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Contains("geolocation=()", Header(response, "Permissions-Policy"));
        // Plain HTTP: HSTS would be meaningless and is not sent (over HTTPS see ForwardedHeadersTests).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), kind);
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsNoInlineScript_NoEval_NoFraming_NoPlugins()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());

        Assert.Equal(["'self'"], directives["script-src"]);
        // Style elements only from files, or empty ones (Plotly appends an empty one and fills it through the CSSOM,
        // which CSP does not govern); only style attributes (MudBlazor's) may be inline.
        Assert.Equal(["'self'"], directives["style-src"]);
        Assert.Equal(["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"], directives["style-src-elem"]);
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Array.Empty<byte>())));
        Assert.Equal(["'unsafe-inline'"], directives["style-src-attr"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal(["'self'"], directives["base-uri"]);
        Assert.Equal(["'self'"], directives["form-action"]);
        Assert.Equal(["'self'"], directives["default-src"]);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("*", SecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task ServerError_OutsideDevelopment_ShowsTheErrorPage_WithoutTheExceptionsDetail()
    {
        using var client = app.Client(apiKey: null);

        using var response = await client.GetAsync(ThrowPath);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", body);
        Assert.DoesNotContain("secret-detail-7f3a", body);
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain("   at ", body);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values) : $"(no {name})";
}
