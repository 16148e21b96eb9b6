using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary>The store query (SQL) and the live matcher (memory) must agree, or live rows would appear on boards that do not show them.</summary>
public sealed class AlertQueryTranslatorTests(AlertQueryTranslatorTests.Data data) : IClassFixture<AlertQueryTranslatorTests.Data>
{
    /// <summary>One store for every query: each case only reads it, and compares the two selections over all of it.</summary>
    public sealed class Data : IAsyncLifetime
    {
        public SecOpsApp App { get; } = new();

        public async Task InitializeAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var documents = new[]
            {
                Documents.Alert(rule: "WAF: SQL injection", severity: "high", host: "web-01", at: now.AddMinutes(-5)),
                Documents.Alert(rule: "Brute force", severity: "critical", host: "web-02", at: now.AddHours(-3)),
                Documents.Alert(rule: "Port scan", severity: "low", host: "web-01", at: now.AddMinutes(-30)),
                Documents.Alert(rule: "Rate limit 100%", severity: "medium", host: "api-01", at: now.AddMinutes(-1)),
                Documents.Alert(rule: "under_score rule", severity: "high", host: "db-01", at: now.AddDays(-1)),
            };
            documents[1]["user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "alice" };
            documents[0]["kibana.alert.risk_score"] = 73;
            documents[2]["kibana.alert.risk_score"] = 21;
            documents[1]["kibana.alert.rule.threat"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"tactic":{"name":"Credential Access"}}]""");
            await Documents.PostAsync(App.Client(), documents);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("status:open AND severity:(high OR critical)")]
    [InlineData("injection OR brute")]
    [InlineData("NOT host:web-01")]
    [InlineData("risk_score >= 70")]
    [InlineData("severity >= high AND -rule:brute")]
    [InlineData("@timestamp > now-2h")]
    [InlineData("(host:web-01 OR user:alice) AND NOT severity:low")]
    [InlineData("\"100%\" OR under_score")]
    [InlineData("tactic:credential")]
    public async Task StoreQueryAndLiveMatcher_SelectTheSameAlerts(string text)
    {
        var queries = data.App.Get<AlertQueries>();
        var time = TimeProvider.System;
        var query = AlertQueryParser.Parse(text, time).Query!;

        var fromStore = (await queries.ListAsync(Actor.System, query, 100, null, CancellationToken.None)).Items.Select(a => a.Id).ToHashSet();
        var all = (await queries.ListAsync(Actor.System, AlertQuery.All, 100, null, CancellationToken.None)).Items;
        var fromMatcher = all.Where(a => AlertQueryMatcher.Matches(query, a, time)).Select(a => a.Id).ToHashSet();

        Assert.Equal(fromMatcher.Order(), fromStore.Order());
    }
}
