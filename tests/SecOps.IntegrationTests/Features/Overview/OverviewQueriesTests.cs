using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Overview;

namespace SecOps.IntegrationTests.Features.Overview;

public sealed class OverviewQueriesTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Snapshot_CountsTheQueueAndBucketsTheLastDayByHourAndSeverity()
    {
        var now = DateTimeOffset.UtcNow;
        await Documents.PostAsync(_app.Client(),
            Documents.Alert(severity: "critical", at: now),
            Documents.Alert(severity: "critical", at: now),
            Documents.Alert(severity: "low", at: now.AddHours(-2)),
            Documents.Alert(severity: "high", at: now.AddDays(-3)));

        var snapshot = await _app.Get<OverviewQueries>().LoadAsync(Actor.System, CancellationToken.None);

        Assert.Equal(4, snapshot.Open);
        Assert.Equal(2, snapshot.OpenCritical);
        Assert.Equal(3, snapshot.Volume.Sum(b => b.Count));
        var critical = Assert.Single(snapshot.Volume, b => b.Severity == Severity.Critical);
        Assert.Equal(2, critical.Count);
        Assert.True(critical.Hour <= now && now - critical.Hour < TimeSpan.FromHours(1));
    }
}
