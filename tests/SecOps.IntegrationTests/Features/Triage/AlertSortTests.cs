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
}
