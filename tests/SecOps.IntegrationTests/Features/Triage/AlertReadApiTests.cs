using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class AlertReadApiTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task List_IsNewestFirstWithCursorPagingAndNoRepeats()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 7).Select(i => Documents.Alert("page-" + i, at: start.AddMinutes(i))).ToArray());
        var client = _app.Client();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<AlertReadEndpoints.AlertPage>($"/api/v1/alerts?size=3&cursor={cursor}", JsonSerializerOptions.Web);
            seen.AddRange(page!.Items.Select(a => a.DocumentId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => "page-" + i), seen);
    }

    [Fact]
    public async Task Query_FiltersByFreeTextAndFields()
    {
        await Documents.PostAsync(_app.Client(),
            Documents.Alert("q-1", rule: "WAF: SQL injection attempt", severity: "high", host: "web-01"),
            Documents.Alert("q-2", rule: "WAF: SQL injection attempt", severity: "low", host: "web-02"),
            Documents.Alert("q-3", rule: "Brute force", severity: "high", host: "web-01"));

        var page = await _app.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>("/api/v1/alerts?query=" + Uri.EscapeDataString("injection severity:high"), JsonSerializerOptions.Web);

        Assert.Equal(["q-1"], page!.Items.Select(a => a.DocumentId));
    }

    [Theory]
    [InlineData("severity:extreme", 9)]
    [InlineData("\"open quote", 0)]
    public async Task SyntaxError_Answers400WithErrorAndPosition(string query, int position)
    {
        using var response = await _app.Client().GetAsync("/api/v1/alerts?query=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(position, body.GetProperty("position").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task GetById_ReturnsTheAlertInTheHubShape_AndUnknownIdIs404()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("byid-1", rule: "Impossible travel"));
        var list = await _app.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>("/api/v1/alerts", JsonSerializerOptions.Web);
        var id = list!.Items.Single().Id;

        var json = await _app.Client().GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        using var missing = await _app.Client().GetAsync("/api/v1/alerts/999999");

        Assert.Equal("Impossible travel", json.GetProperty("ruleName").GetString());
        Assert.Equal("high", json.GetProperty("severity").GetString());
        Assert.True(json.GetProperty("seq").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task IngestOnlyKey_CannotRead()
    {
        var ingestOnly = await _app.CreateApiKeyAsync("ingest");
        using var response = await _app.Client(ingestOnly).GetAsync("/api/v1/alerts");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UnauthenticatedApiAndHub_Answer401NotARedirect()
    {
        var client = _app.Client(apiKey: null);

        using var api = await client.GetAsync("/api/v1/alerts");
        using var single = await client.GetAsync("/api/v1/alerts/1");
        using var hub = await client.PostAsync("/hubs/soc/negotiate?negotiateVersion=1", null);
        using var openApi = await client.GetAsync("/openapi/v1.json");

        Assert.All(new[] { api, single, hub, openApi }, r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Null(r.Headers.Location);
        });
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheAlertEndpoints()
    {
        var document = await _app.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/v1/alerts", out var alerts));
        Assert.True(alerts.TryGetProperty("post", out _));
        Assert.True(alerts.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/v1/alerts/{id}", out _));
    }

    [Fact]
    public async Task StaticFileFromTheTopLevelWebRoot_IsServed()
    {
        using var response = await _app.Client(apiKey: null).GetAsync("/js/board.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OnScrollStateChanged", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_RedirectToSignInButHealthIsOpen()
    {
        var client = _app.Client(apiKey: null);

        using var triage = await client.GetAsync("/triage");
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Redirect, triage.StatusCode);
        Assert.StartsWith("/account/login", triage.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_CarryTheSecurityHeaders()
    {
        using var response = await _app.Client(apiKey: null).GetAsync("/account/login");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
