using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Tests.Features.Compliance;

public sealed class CompliancePageTests : ComponentTest
{
    // Two periods of grouped queries on a cold in-memory store: more than bUnit's default second on a busy machine.
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(30);
    private readonly SqliteStore _store;
    private readonly BunitAuthorizationContext _auth;

    public CompliancePageTests()
    {
        _store = new SqliteStore(Services);
        Services.AddOptions<ComplianceOptions>().Configure(o => o.Frameworks = [new FrameworkDefinition { Id = "soc-2", Name = "SOC 2", Summary = "CC7" }]);
        Services.AddSingleton<ComplianceMetrics>();
        Services.AddSingleton<ComplianceQueries>();
        Services.AddSingleton<FrameworkEvidence>();
        _auth = AddAuthorization();
        _auth.SetAuthorized("manager@example.test");
        _auth.SetRoles(Roles.Manager);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private Alert Alert(int n, Severity severity, TimeSpan age, TimeSpan? acknowledgedAfter = null)
    {
        var at = Time.GetUtcNow() - age;
        return new Alert
        {
            DocumentId = "doc-" + n, RuleName = "Rule " + n, Severity = severity, EventTime = at.AddMinutes(-1), AlertTime = at, IngestedAt = at, UpdatedAt = at,
            Status = acknowledgedAfter is null ? AlertStatus.Open : AlertStatus.Acknowledged, AcknowledgedAt = at + acknowledgedAfter, MitreTactic = "Discovery",
        };
    }

    [Fact]
    public void Overview_ForAManager_ShowsTilesChartsHeatmapFrameworksAndTheMetricsTable()
    {
        _store.Add(
            Alert(1, Severity.High, TimeSpan.FromHours(3), TimeSpan.FromMinutes(4)),
            Alert(2, Severity.High, TimeSpan.FromHours(2), TimeSpan.FromMinutes(10)),
            Alert(3, Severity.Critical, TimeSpan.FromHours(1)));

        var page = Render<CompliancePage>();

        // 4 and 10 min read back from the store's duration buckets as 242 s and 600 s (DurationBuckets): median 421 s.
        page.WaitForAssertion(() => Assert.Equal("7m 01s", page.Find("[data-tile=mtta] .metric-tile-value").TextContent), Loaded);
        // Acknowledged alerts are still queued until closed: all three are backlog.
        Assert.Equal("3", page.Find("[data-tile=backlog] .metric-tile-value").TextContent);
        Assert.Equal(["compliance-trend", "compliance-volume"], page.FindAll(".plotly-panel [id]").Select(e => e.Id).Where(id => id!.StartsWith("compliance-", StringComparison.Ordinal)));
        Assert.Equal("3", page.Find(".tactic-heatmap tbody td.heat-5").TextContent);
        Assert.Equal("/compliance/soc-2?days=7", page.Find(".compliance-frameworks a").GetAttribute("href"));
        Assert.Equal("/compliance/metrics.csv?days=7", page.Find("a[download]").GetAttribute("href"));
        Assert.Contains(page.FindAll(".metrics-table tbody tr"), r => r.TextContent.Contains("MTTA median") && r.TextContent.Contains("7m 01s"));
    }

    [Fact]
    public void Overview_ForAnAnalyst_IsRefused()
    {
        _auth.SetRoles(Roles.Analyst);

        var page = Render<CompliancePage>();

        page.WaitForAssertion(() => Assert.Contains("Your role cannot read compliance metrics.", page.Markup), Loaded);
        Assert.Empty(page.FindAll(".metric-tile"));
    }

    [Fact]
    public void Overview_ForAChosenRange_ComparesWithThePreviousRangeOfTheSameLength()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/compliance?from=2026-11-20&to=2026-11-21");

        var page = Render<CompliancePage>();

        page.WaitForAssertion(() => Assert.Equal("2026-11-20 to 2026-11-21 23:59 UTC · compared with 2026-11-18 to 2026-11-19 23:59 UTC", page.Find("[data-period]").TextContent), Loaded);
        Assert.Equal("/compliance/metrics.csv?from=2026-11-20&to=2026-11-21", page.Find("a[download]").GetAttribute("href"));
    }
}
