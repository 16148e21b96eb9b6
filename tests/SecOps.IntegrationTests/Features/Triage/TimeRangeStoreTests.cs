using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Components.Shared;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;
using Xunit.Abstractions;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary>The board's time window in the store: through the read API, agreeing with the live matcher, on the index.</summary>
public sealed class TimeRangeStoreTests(TimeRangeStoreTests.Data data, ITestOutputHelper output) : IClassFixture<TimeRangeStoreTests.Data>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One store for every case: each only reads the same five alerts.</summary>
    public sealed class Data : IAsyncLifetime
    {
        public SecOpsApp App { get; } = new();

        public Task InitializeAsync() => Documents.PostAsync(App.Client(),
            Documents.Alert("t-07", rule: "Brute force", at: Noon.AddHours(-5)),
            Documents.Alert("t-08", rule: "Brute force", at: Noon.AddHours(-4)),
            Documents.Alert("t-09", rule: "Port scan", at: Noon.AddHours(-3)),
            Documents.Alert("t-10", rule: "Brute force", at: Noon.AddHours(-2)),
            Documents.Alert("t-12", rule: "Brute force", at: Noon));

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private SecOpsApp App => data.App;

    private async Task<IReadOnlyList<string>> ListAsync(string parameters) =>
        (await App.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>("/api/v1/alerts?" + parameters, JsonSerializerOptions.Web))!.Items.Select(a => a.DocumentId).ToList();

    [Fact]
    public async Task ReadApi_FromAndTo_LimitTheAlertTime_BothEndsInclusive()
    {
        Assert.Equal(["t-10", "t-08"], await ListAsync("query=" + Uri.EscapeDataString("rule:Brute") + "&from=2026-11-25T08:00:00Z&to=2026-11-25T10:00:00Z"));
        Assert.Equal(["t-10", "t-09", "t-08"], await ListAsync("from=2026-11-25T09:00:00%2B01:00&to=2026-11-25T10:00:00Z"));
        Assert.Equal(["t-12", "t-10", "t-09", "t-08", "t-07"], await ListAsync("from=&to=now"));
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-11-25T10:00:00Z&to=2026-11-25T08:00:00Z")]
    public async Task ReadApi_AWindowThatIsNotOne_Answers400(string parameters)
    {
        using var response = await App.Client().GetAsync("/api/v1/alerts?" + parameters);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreAndLiveMatcher_AgreeOnTheWindow()
    {
        var time = App.Get<TimeProvider>();
        var query = TimeRangeQuery.Within(AlertQueryParser.Parse("rule:Brute", time).Query!,
            TimeRange.Parse("2026-11-25T07:00:00Z", "2026-11-25T10:00:00Z", time).Range!);
        await using var db = await App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

        var stored = await AlertQueryTranslator.Apply(db.Alerts, query, time).Select(a => a.DocumentId).OrderBy(d => d).ToListAsync();
        var all = await db.Alerts.Select(AlertView.Projection).ToListAsync();

        Assert.Equal(["t-07", "t-08", "t-10"], stored);
        Assert.Equal(stored, all.Where(a => AlertQueryMatcher.Matches(query, a, time)).Select(a => a.DocumentId).Order());
    }

    [Theory]
    [Trait("Store", TestStore.SqliteOnly)]
    [InlineData("status:open AND severity:(high OR critical)")]
    [InlineData("")]
    public async Task BoardQuery_WithAWindow_SearchesAnIndexByRangeOnAlertTime(string search)
    {
        var time = App.Get<TimeProvider>();
        var query = TimeRangeQuery.Within(AlertQueryParser.Parse(search, time).Query!, new TimeRange("now-24h", null));
        await using var db = await App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        // The shape AlertQueries.ListAsync sends for the first page, newest first.
        var sql = AlertQueryTranslator.Apply(db.Alerts.AsNoTracking(), query, time)
            .OrderByDescending(a => a.AlertTime).ThenByDescending(a => a.Id).Take(51).Select(a => a.Id).ToQueryString();

        var plan = await ExplainAsync(db, sql);
        output.WriteLine(sql);
        plan.ForEach(output.WriteLine);

        Assert.Contains(plan, line => line.Contains("USING INDEX IX_Alerts_", StringComparison.Ordinal) && line.Contains("AlertTime>?", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN Alerts", StringComparison.Ordinal));
    }

    /// <summary>SQLite's plan for EF's SQL (its <c>.param set</c> lines become bound parameters).</summary>
    private static async Task<List<string>> ExplainAsync(SecOpsDbContext db, string efSql)
    {
        var lines = efSql.Split('\n');
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param set ", StringComparison.Ordinal)));
        foreach (var parts in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ', 4)))
        {
            command.Parameters.AddWithValue(parts[2], long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : parts[3].Trim('\''));
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return plan;
    }
}
