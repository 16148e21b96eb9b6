using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Overview;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary>Defaults that led into mistakes (issue #14, defect 8): starting work takes the alert; the overview's links find what they count.</summary>
public sealed class TriageDefaultsTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Actor As(string id) => new(id, id + "@example.test", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    private async Task<long> IdOfAsync(string documentId)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.DocumentId == documentId).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task Start_AssignsTheAlertToThePersonStartingIt()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("start-1"));
        var id = await IdOfAsync("start-1");

        var started = await _app.Get<AlertTriage>().StartAsync(As("ana"), id, CancellationToken.None);

        Assert.True(started.Succeeded, started.Error);
        Assert.Equal("in-progress", started.Alert!.Status);
        Assert.Equal("ana@example.test", started.Alert.Assignee);
        var step = Assert.Single(await _app.Get<AlertTriage>().HistoryAsync(As("ana"), id, CancellationToken.None));
        Assert.Equal((null, "ana@example.test"), (step.FromAssignee, step.ToAssignee));
    }

    [Fact]
    public async Task Start_OnAnAlertClaimedBySomeoneElse_IsRefused_AndKeepsTheOwner()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("start-2"));
        var id = await IdOfAsync("start-2");
        var triage = _app.Get<AlertTriage>();
        Assert.True((await triage.ClaimAsync(As("bo"), id, CancellationToken.None)).Succeeded);

        var started = await triage.StartAsync(As("ana"), id, CancellationToken.None);

        Assert.False(started.Succeeded);
        Assert.Equal("bo@example.test", started.Alert!.Assignee);
        Assert.Equal("open", started.Alert.Status);
    }

    [Fact]
    public async Task CriticalNotClosed_LinksToAQueryThatFindsExactlyWhatTheOverviewCounts()
    {
        await Documents.PostAsync(_app.Client(),
            Documents.Alert("crit-open", severity: "critical"), Documents.Alert("crit-acked", severity: "critical"),
            Documents.Alert("crit-closed", severity: "critical"), Documents.Alert("high-open", severity: "high"));
        var triage = _app.Get<AlertTriage>();
        Assert.True((await triage.AcknowledgeAsync(As("ana"), await IdOfAsync("crit-acked"), CancellationToken.None)).Succeeded);
        Assert.True((await triage.CloseAsync(As("ana"), await IdOfAsync("crit-closed"), CloseReason.Benign, null, CancellationToken.None)).Succeeded);

        var overview = await _app.Get<OverviewQueries>().LoadAsync(Actor.System, CancellationToken.None);
        var link = OverviewLinks.Triage(OverviewLinks.CriticalNotClosed);
        var query = Uri.UnescapeDataString(link[(link.IndexOf("?q=", StringComparison.Ordinal) + 3)..]);
        var page = await _app.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
            "/api/v1/alerts?size=1000&query=" + Uri.EscapeDataString(query), JsonSerializerOptions.Web);

        Assert.Equal(2, overview.OpenCritical);
        Assert.Equal(["crit-acked", "crit-open"], page!.Items.Select(a => a.DocumentId).Order());
    }
}
