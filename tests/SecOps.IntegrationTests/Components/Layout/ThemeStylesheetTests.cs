using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Components.Layout;

namespace SecOps.IntegrationTests.Components.Layout;

public sealed class ThemeStylesheetTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Stylesheet_IsServedWithoutSignInAsCssWithBothModes()
    {
        using var response = await _app.Client(apiKey: null).GetAsync(ThemeStylesheet.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains(":root{", css);
        Assert.Contains($"html.{ThemeStylesheet.DarkClass}{{", css);
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task UnchangedStylesheet_AnswersNotModifiedToItsETag()
    {
        var client = _app.Client(apiKey: null);
        using var first = await client.GetAsync(ThemeStylesheet.Path);

        using var request = new HttpRequestMessage(HttpMethod.Get, ThemeStylesheet.Path);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task VersionedAddress_MayBeCachedForGood()
    {
        var href = _app.Services.GetRequiredService<ThemeStylesheet>().Href;

        using var response = await _app.Client(apiKey: null).GetAsync("/" + href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task SignInPage_DoesNotLoadTheAppTheme()
    {
        var html = await _app.Client(apiKey: null).GetStringAsync("/account/login");

        Assert.DoesNotContain(ThemeStylesheet.Path.TrimStart('/'), html);
        Assert.DoesNotContain("theme-init", html);
    }
}
