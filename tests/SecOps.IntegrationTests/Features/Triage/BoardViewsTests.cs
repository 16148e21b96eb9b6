using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage.Views;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class BoardViewsTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Actor Analyst(string id) => new(id, id, PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    [Fact]
    public async Task Views_AreTheOwnersAndTheShared_AndOnlyTheOwnerDeletes()
    {
        var views = _app.Get<BoardViews>();
        var ana = Analyst("ana");
        var bob = Analyst("bob");
        var mine = await views.SaveAsync(ana, "My criticals", "severity:critical AND status:open", shared: false, CancellationToken.None);
        var team = await views.SaveAsync(ana, "Team: WAF", "rule:WAF", shared: true, CancellationToken.None);
        await views.SaveAsync(bob, "Bob's", "host:db-01", shared: false, CancellationToken.None);

        Assert.Equal(["My criticals", "Team: WAF"], (await views.ListAsync(ana, CancellationToken.None)).Select(v => v.Name));
        Assert.Equal(["Bob's", "Team: WAF"], (await views.ListAsync(bob, CancellationToken.None)).Select(v => v.Name));
        Assert.False(await views.DeleteAsync(bob, team.Id, CancellationToken.None));
        Assert.True(await views.DeleteAsync(ana, mine.Id, CancellationToken.None));
        Assert.Equal(["Team: WAF"], (await views.ListAsync(ana, CancellationToken.None)).Select(v => v.Name));
    }

    [Fact]
    public async Task ViewWithAnInvalidQuery_IsRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _app.Get<BoardViews>().SaveAsync(Analyst("ana"), "broken", "severity:extreme", false, CancellationToken.None));

    [Fact]
    public async Task ColumnChoice_IsRememberedPerUser()
    {
        var views = _app.Get<BoardViews>();

        Assert.Null(await views.ColumnsAsync(Analyst("ana"), CancellationToken.None));
        await views.SaveColumnsAsync(Analyst("ana"), ["sla", "age", "not-a-column"], CancellationToken.None);
        await views.SaveColumnsAsync(Analyst("ana"), ["sla", "risk"], CancellationToken.None);

        Assert.Equal(["risk", "sla"], (await views.ColumnsAsync(Analyst("ana"), CancellationToken.None))!.Order());
        Assert.Null(await views.ColumnsAsync(Analyst("bob"), CancellationToken.None));
    }
}
