using SecOps.Benchmarks.Circuits;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Benchmarks.Circuits;

/// <summary>
/// The open-boards benchmark's browserless circuit client against the real app: it must read the signed-in board's
/// prerendered markers, start a circuit the server accepts and see a new alert's row in a render batch, or the
/// benchmark's figures would measure nothing.
/// </summary>
public sealed class LightCircuitTests(LightCircuitTests.App app) : IClassFixture<LightCircuitTests.App>
{
    private const string Password = "Light-Circuit-Tests-Pw-8";

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" });

    [Fact]
    public async Task PrerenderedBoard_HasServerComponentMarkers_ThatBecomeAddOperationsInSequenceOrder()
    {
        using var browser = await SignedInAnalystAsync();

        var page = PrerenderedPage.Parse((await browser.GetAsync("/triage")).Html);

        Assert.NotEmpty(page.ServerComponents);
        Assert.All(page.ServerComponents, c => Assert.False(string.IsNullOrEmpty(c["descriptor"]?.GetValue<string>())));
        Assert.Equal(page.ServerComponents.Select(c => c["sequence"]!.GetValue<int>()).Order(), page.ServerComponents.Select(c => c["sequence"]!.GetValue<int>()));
        Assert.NotEmpty(page.ApplicationState);
        var operations = System.Text.Json.Nodes.JsonNode.Parse(page.AddOperations())!["operations"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, page.ServerComponents.Count), operations.Select(o => o!["ssrComponentId"]!.GetValue<int>()));
        Assert.All(operations, o => Assert.Equal("add", o!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task LightCircuit_OnTheTriageBoard_SeesANewAlertsNumberInARenderBatch()
    {
        using var browser = await SignedInAnalystAsync();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = browser.Cookies, UseProxy = false }) { BaseAddress = app.BaseAddress };
        var arrivals = new BoardArrivals(capacity: 100);
        arrivals.Measure(0, 100);
        await using var circuit = await LightCircuit.OpenAsync(http, browser.Cookies, "/triage", listHeight: 700, arrivals);
        await Eventually.HoldsAsync(() => circuit.RenderBatches > 0, () => $"no render batch arrived ({circuit.Error})");

        arrivals.Sending(7, BoardArrivals.NowMs());
        using var api = app.Client();
        await Documents.PostAsync(api, Documents.Alert(rule: $"Light circuit probe {BoardArrivals.Marker(7)}"));

        await Eventually.HoldsAsync(() => circuit.Seen == 1, () => $"the alert's row never reached the light circuit ({circuit.RenderBatches} batches, error: {circuit.Error})");
        Assert.Equal(1, arrivals.Delivered);
        Assert.Null(circuit.Error);
    }

    private async Task<AccountClient> SignedInAnalystAsync()
    {
        var email = $"light-{Guid.NewGuid():N}@example.test";
        await AccountClient.CreateUserAsync(app, email, Password, Roles.Analyst);
        var browser = new AccountClient(app);
        await browser.SubmitPasswordAsync(email, Password);
        Assert.True(browser.HasCookie("secops.auth"));
        return browser;
    }
}
