using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Live;
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

    [Fact]
    public async Task HeadlineMetrics_AreTheComplianceEnginesSharedSnapshot_ComputedOnceAndOpenToAnalysts()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert(severity: "high"), Documents.Alert(severity: "low"));
        var manager = new Actor("manager", "Manager", PermissionTable.ForRole(Roles.Manager).ToHashSet());
        var analyst = new Actor("analyst", "Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var metrics = _app.Get<ComplianceQueries>();
        var aggregates = _app.Get<SharedAggregates>();

        using var compliancePage = await metrics.WatchAsync(manager, ComplianceRange.Default, _ => { }, CancellationToken.None);
        var shown = await compliancePage.FirstAsync();
        var computedBefore = aggregates.Computations;
        using var landingPage = await metrics.WatchHeadlineAsync(analyst, _ => { }, CancellationToken.None);
        var headline = await landingPage.FirstAsync();

        // The landing page's tiles are the compliance page's figures, not a second computation of them.
        Assert.Same(shown, headline);
        Assert.Equal(computedBefore, aggregates.Computations);
        Assert.Equal(2, headline.Current.Backlog.Total);
        // Analysts see the headline on their landing page, not the compliance pages behind it.
        await Assert.ThrowsAsync<AccessDeniedException>(() => metrics.WatchAsync(analyst, ComplianceRange.Default, _ => { }, CancellationToken.None));
    }
}
