using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertRowTests : ComponentTest
{
    [Fact]
    public void HostileFields_RenderAsTextNeverAsMarkup()
    {
        var alert = Alerts.View(1, rule: "<img src=x onerror=alert(1)>", host: "<script>alert(2)</script>");

        var row = Render<AlertRow>(p => p.Add(r => r.Alert, alert).Add(r => r.Now, DateTimeOffset.UtcNow));

        Assert.Empty(row.FindAll("img"));
        Assert.Empty(row.FindAll("script"));
        Assert.Equal("<img src=x onerror=alert(1)>", row.Find(".alert-rule").TextContent);
        Assert.Equal("<script>alert(2)</script>", row.Find(".alert-entity").TextContent);
    }

    [Fact]
    public void Row_ShowsSeverityRuleEntityStatusAndAge()
    {
        var alert = Alerts.View(7, rule: "Brute force", severity: "critical", host: "web-prod-01");

        var row = Render<AlertRow>(p => p.Add(r => r.Alert, alert).Add(r => r.Now, alert.AlertTime.AddMinutes(3)));

        Assert.Equal("critical", row.Find(".severity-chip").TextContent);
        Assert.Contains("severity-critical", row.Find(".severity-chip").ClassName);
        Assert.Equal("Brute force", row.Find(".alert-rule").TextContent);
        Assert.Equal("web-prod-01", row.Find(".alert-entity").TextContent);
        Assert.Equal("open", row.Find(".alert-status").TextContent);
        Assert.Equal("3m", row.Find(".alert-age").TextContent);
    }

    [Fact]
    public void Click_ReportsTheAlertIdAndSelectedRowIsMarked()
    {
        long? clicked = null;
        var row = Render<AlertRow>(p => p
            .Add(r => r.Alert, Alerts.View(42))
            .Add(r => r.Selected, true)
            .Add(r => r.OnSelect, (long id) => clicked = id));

        row.Find(".alert-row").Click();

        Assert.Equal(42, clicked);
        Assert.Equal("true", row.Find(".alert-row").GetAttribute("aria-selected"));
        Assert.Contains("selected", row.Find(".alert-row").ClassName);
    }

    [Fact]
    public void EntityColumn_FallsBackFromHostToUserToSourceIp()
    {
        var row = Render<AlertRow>(p => p.Add(r => r.Alert, Alerts.View(1, host: null)));
        Assert.Equal("user-1", row.Find(".alert-entity").TextContent);
    }
}
