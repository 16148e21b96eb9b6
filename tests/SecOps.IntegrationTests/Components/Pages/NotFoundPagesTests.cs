using System.Net;
using SecOps.IntegrationTests.Support;

namespace SecOps.IntegrationTests.Components.Pages;

/// <summary>Unknown page addresses answer 404 with the app's page; machine endpoints keep bare status codes.</summary>
public sealed class NotFoundPagesTests : IClassFixture<NotFoundPagesTests.App>
{
    public sealed class App() : SecOpsApp;

    private readonly App _app;

    public NotFoundPagesTests(App app) => _app = app;

    [Theory]
    [InlineData("/runbooks")]
    [InlineData("/admin/no-such-page")]
    [InlineData("/anything")]
    public async Task UnknownPage_Answers404_WithTheNotFoundPage(string path)
    {
        using var response = await _app.Client(apiKey: null).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Not found · SecOps</title>", html);
        Assert.Contains(">Not found</h1>", html);
        Assert.Contains("aria-label=\"Main\"", html);
    }

    [Theory]
    [InlineData("/api/v1/alerts/999999")]
    [InlineData("/api/v1/nothing-here")]
    [InlineData("/css/missing.css")]
    public async Task UnknownApiAddressOrFile_Answers404_WithoutThePage(string path)
    {
        using var response = await _app.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Not found · SecOps", await response.Content.ReadAsStringAsync());
    }
}
