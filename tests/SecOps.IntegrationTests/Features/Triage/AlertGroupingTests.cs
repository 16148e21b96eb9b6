using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class AlertGroupingTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Groups_CountAlertsPerHostLargestFirst_WithOpenCountsAndHighestSeverity()
    {
        await Documents.PostAsync(_app.Client(),
            Documents.Alert(host: "a", severity: "low"), Documents.Alert(host: "a", severity: "critical"), Documents.Alert(host: "a", severity: "medium"),
            Documents.Alert(host: "b", severity: "high"));
        var queries = _app.Get<AlertQueries>();

        var groups = await queries.GroupAsync(Actor.System, AlertQuery.All, AlertGroupBy.Host, CancellationToken.None);
        var members = await queries.GroupMembersAsync(Actor.System, AlertQuery.All, AlertGroupBy.Host, "a", CancellationToken.None);

        Assert.Equal([new AlertQueries.Group("a", 3, 3, "critical", new(1, 1, 0, 1)), new AlertQueries.Group("b", 1, 1, "high", new(0, 0, 1, 0))], groups);
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("a", m.HostName));
    }
}
