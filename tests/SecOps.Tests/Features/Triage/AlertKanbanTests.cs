using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertKanbanTests : ComponentTest
{
    private readonly SqliteStore _store;
    private int _n;

    public AlertKanbanTests()
    {
        Services.AddOptions<KanbanOptions>().Configure(o => o.CardsPerColumn = 5);
        _store = new SqliteStore(Services);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private Alert Make(AlertStatus status, string host = "web-01")
    {
        var at = Time.GetUtcNow().AddMinutes(-++_n);
        return new() { DocumentId = $"doc-{_n}", RuleName = "Rule", HostName = host, Severity = Severity.High, Status = status, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at, Fingerprint = $"fp-{_n}" };
    }

    private async Task<IRenderedComponent<AlertKanban>> RenderAsync(AlertQuery query)
    {
        var totals = new BoardTotals();
        await totals.WatchAsync(Services.GetRequiredService<AlertQueries>(), Actor.System, query, a => { a(); return Task.CompletedTask; }, () => { });
        return Render<AlertKanban>(p => p.Add(k => k.Query, query).Add(k => k.Actor, Actor.System).Add(k => k.Totals, totals).Add(k => k.CanTriage, true));
    }

    [Fact]
    public async Task Columns_AreQueriedPerStatus_CountTheStoresTotals_AndFlagAColumnOverItsWorkInProgressLimit()
    {
        // Far more open alerts than a column shows, and acknowledged ones that would not be among the newest loaded rows.
        _store.Add([.. Enumerable.Range(0, 40).Select(_ => Make(AlertStatus.Open))]);
        _store.Add([.. Enumerable.Range(0, 3).Select(_ => Make(AlertStatus.Acknowledged))]);
        _store.Add([.. Enumerable.Range(0, 11).Select(_ => Make(AlertStatus.InProgress))]);
        _store.Add(Make(AlertStatus.Closed), Make(AlertStatus.Open, host: "db-01"));

        var board = await RenderAsync(AlertQueryParser.Parse("host:web-*").Query!);

        board.WaitForAssertion(() =>
        {
            var columns = board.FindAll("section.kanban-column");
            Assert.Equal(["Open", "Acknowledged", "In progress", "Closed"], columns.Select(c => c.GetAttribute("aria-label")));
            Assert.Equal(["40", "3 / 25", "11 / 10", "1"], columns.Select(c => c.QuerySelector(".kanban-count")!.TextContent));
            Assert.Equal(["Open 40", "Acknowledged 3 / 25", "In progress 11 / 10", "Closed 1"],
                columns.Select(c => c.QuerySelector(".kanban-header")!.TextContent.Trim()));
            Assert.Contains("over-limit", columns[2].ClassName);
            Assert.DoesNotContain("over-limit", columns[1].ClassName);
            Assert.Equal([5, 3, 5, 1], columns.Select(c => c.QuerySelectorAll(".kanban-card").Length));
        });
    }

    [Fact]
    public async Task LiveChange_MovesTheCardToItsNewStatusColumn()
    {
        _store.Add(Make(AlertStatus.Open), Make(AlertStatus.Open));
        var board = await RenderAsync(AlertQuery.All);
        board.WaitForAssertion(() => Assert.Equal(2, board.FindAll("section.kanban-column")[0].QuerySelectorAll(".kanban-card").Length));
        var card = board.FindAll("section.kanban-column")[0].QuerySelector(".kanban-card")!.GetAttribute("data-alert-id");

        await board.InvokeAsync(() => board.Instance.Apply(
            [new FeedChange(10, ChangeKind.AlertTriaged, Alerts.View(long.Parse(card!), seq: 10, status: "acknowledged"))], bulk: false));

        board.WaitForAssertion(() =>
        {
            var columns = board.FindAll("section.kanban-column");
            Assert.Single(columns[0].QuerySelectorAll(".kanban-card"));
            Assert.Equal(card, columns[1].QuerySelector(".kanban-card")!.GetAttribute("data-alert-id"));
        });
    }
}
