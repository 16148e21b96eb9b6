using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertGroupsTests : ComponentTest
{
    private readonly SqliteStore _store;

    public AlertGroupsTests()
    {
        _store = new SqliteStore(Services);
        var at = Time.GetUtcNow();
        var n = 0;
        Alert Make(string rule, string host, Severity severity, AlertStatus status = AlertStatus.Open) => new()
        {
            DocumentId = $"doc-{++n}", RuleName = rule, HostName = host, Severity = severity, Status = status,
            EventTime = at.AddMinutes(-n), AlertTime = at.AddMinutes(-n), IngestedAt = at, UpdatedAt = at, Fingerprint = $"fp-{n}",
        };
        _store.Add(
            Make("Brute force", "web-01", Severity.Medium),
            Make("Brute force", "web-02", Severity.Critical),
            Make("Brute force", "web-01", Severity.Low, AlertStatus.Closed),
            Make("Malware", "db-01", Severity.High),
            Make("<b>Injected</b>", "web-01", Severity.Low));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private IRenderedComponent<AlertGroups> RenderGroups() => Render<AlertGroups>(p => p
        .Add(g => g.Query, AlertQuery.All)
        .Add(g => g.Actor, Actor.System)
        .Add(g => g.OnPivot, (string term) => _pivot = term));

    private string? _pivot;

    [Fact]
    public void ByRule_ShowsOneGroupPerRule_WithCountOpenCountAndHighestSeverity_LargestFirst()
    {
        var groups = RenderGroups();

        groups.WaitForAssertion(() => Assert.Equal(3, groups.FindAll(".group").Count));
        var first = groups.FindAll(".group-head")[0];
        Assert.Equal("Brute force", first.QuerySelector(".group-key")!.TextContent);
        Assert.Equal("3", first.QuerySelector(".group-count")!.TextContent);
        Assert.Equal("2 open", first.QuerySelector(".group-open")!.TextContent);
        Assert.Equal("critical", first.QuerySelector(".severity-chip")!.TextContent);
        Assert.Equal("false", first.GetAttribute("aria-expanded"));
        Assert.Contains(groups.FindAll(".group-key"), k => k.TextContent == "<b>Injected</b>");
        Assert.Empty(groups.FindAll(".group-key b"));
    }

    [Fact]
    public void ExpandingAGroup_ShowsItsAlertsAsRows_AndPivotSetsTheFilter()
    {
        var groups = RenderGroups();
        groups.WaitForAssertion(() => Assert.Equal(3, groups.FindAll(".group").Count));

        groups.FindAll(".group-head")[0].Click();

        groups.WaitForAssertion(() => Assert.Equal(3, groups.FindAll(".group-members .alert-row").Count));
        Assert.Equal("true", groups.FindAll(".group-head")[0].GetAttribute("aria-expanded"));
        Assert.All(groups.FindAll(".group-members .alert-rule"), r => Assert.Equal("Brute force", r.TextContent));
        groups.Find(".group-members button").Click();
        Assert.Equal("rule.name:\"Brute force\"", _pivot);
    }

    [Fact]
    public void GroupingByHost_RegroupsTheSameAlerts()
    {
        var groups = RenderGroups();
        groups.WaitForAssertion(() => Assert.Equal(3, groups.FindAll(".group").Count));

        groups.FindAll(".view-switch button").Single(b => b.TextContent.Trim() == "Host").Click();

        groups.WaitForAssertion(() => Assert.Equal("web-01", groups.FindAll(".group-key")[0].TextContent));
        Assert.Equal(["db-01", "web-01", "web-02"], groups.FindAll(".group-key").Select(k => k.TextContent).Order(StringComparer.Ordinal));
        Assert.Equal("3", groups.FindAll(".group-count")[0].TextContent);
        Assert.Equal("true", groups.FindAll(".view-switch button").Single(b => b.TextContent.Trim() == "Host").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void TwentyGroupedViewsOfOneQuery_ShareOneAggregateQuery_AndRunAtMostOneMorePerIntervalWhileAlertsArrive()
    {
        var aggregates = Services.GetRequiredService<SharedAggregates>();
        var feed = Services.GetRequiredService<LiveFeed>();
        var views = Enumerable.Range(0, 20).Select(_ => RenderGroups()).ToList();
        views.ForEach(v => v.WaitForAssertion(() => Assert.Equal(3, v.FindAll(".group").Count)));
        Assert.Equal(1, aggregates.Computations);

        // The board re-renders its children on every live frame; the same query (a new but equal parse) queries nothing.
        views.ForEach(v => v.Render(p => p.Add(g => g.Query, new AlertQuery((QueryNode?)null))));
        Assert.Equal(1, aggregates.Computations);

        // An alert is stored and published, as the store's writer does: one query, and every view shows the new count.
        var at = Time.GetUtcNow();
        _store.Add(new Alert { DocumentId = "doc-new", RuleName = "Malware", HostName = "db-02", Severity = Severity.High, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at, Fingerprint = "fp-new" });
        feed.Publish([new FeedChange(1, ChangeKind.AlertCreated, Alerts.View(6, rule: "Malware"))]);
        views.ForEach(v => v.WaitForAssertion(() => Assert.Equal("2", v.FindAll(".group-head").Single(h => h.QuerySelector(".group-key")!.TextContent == "Malware").QuerySelector(".group-count")!.TextContent)));
        Assert.Equal(2, aggregates.Computations);

        // Ten more changes within the interval wait for it (the fake clock stands still), then run once.
        for (var seq = 2; seq <= 11; seq++)
        {
            feed.Publish([new FeedChange(seq, ChangeKind.AlertUpdated, Alerts.View(6, rule: "Malware", seq: seq))]);
        }
        Assert.Equal(2, aggregates.Computations);
        Time.Advance(TimeSpan.FromSeconds(1));
        views[0].WaitForAssertion(() => Assert.Equal(3, aggregates.Computations));
    }
}
