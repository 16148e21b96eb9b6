using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
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
}
