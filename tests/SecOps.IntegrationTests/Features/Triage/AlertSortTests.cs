using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class AlertSortTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<List<string>> AllPagesAsync(AlertSort sort)
    {
        var queries = _app.Get<AlertQueries>();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await queries.ListAsync(Actor.System, AlertQuery.All, 3, cursor, CancellationToken.None, sort);
            seen.AddRange(page.Items.Select(a => a.DocumentId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return seen;
    }

    [Fact]
    public async Task EachOrder_PagesThroughEveryAlertOnceInItsOrder()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var severities = new[] { "low", "critical", "medium", "high", "critical", "low", "high", "medium" };
        await Documents.PostAsync(_app.Client(), severities.Select((s, i) => Documents.Alert($"sort-{i}", severity: s, at: start.AddMinutes(i))).ToArray());

        var newest = await AllPagesAsync(AlertSort.Newest);
        var oldest = await AllPagesAsync(AlertSort.Oldest);
        var bySeverity = await AllPagesAsync(AlertSort.Severity);

        Assert.Equal(Enumerable.Range(0, 8).Reverse().Select(i => $"sort-{i}"), newest);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"sort-{i}"), oldest);
        Assert.Equal(["sort-4", "sort-1", "sort-6", "sort-3", "sort-7", "sort-2", "sort-5", "sort-0"], bySeverity);
    }

    [Fact]
    public async Task RiskOrder_PagesHighestScoreFirst_TiesNewestFirst_UnscoredLast()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        double?[] scores = [47, null, 99.5, 47, 12, null, 73];
        await Documents.PostAsync(_app.Client(), scores.Select((score, i) =>
        {
            var alert = Documents.Alert($"risk-{i}", at: start.AddMinutes(i));
            if (score is { } s)
            {
                alert["kibana.alert.risk_score"] = s;
            }
            return alert;
        }).ToArray());

        var byRisk = await AllPagesAsync(AlertSort.Risk);

        Assert.Equal(["risk-2", "risk-6", "risk-3", "risk-0", "risk-4", "risk-5", "risk-1"], byRisk);
    }
}
