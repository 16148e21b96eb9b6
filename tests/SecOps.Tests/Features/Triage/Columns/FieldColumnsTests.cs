using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage.Columns;

/// <summary>Field columns in a board row: written by the HTML writer as text, times in the person's zone.</summary>
public sealed class FieldColumnsTests : ComponentTest
{
    private static readonly DateTimeOffset Fired = new(2026, 11, 25, 12, 0, 5, TimeSpan.Zero);

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Row(AlertView alert, IReadOnlySet<string> columns, TimeZoneInfo? zone = null)
    {
        var sla = Services.GetRequiredService<SlaClock>().Evaluate(alert, Time.GetUtcNow());
        return Render(AlertRowMarkup.Html(new AlertRowModel(alert, sla, columns, Zone: zone)).Fragment);
    }

    private static AlertView Alert(long id = 1) => Alerts.View(id) with
    {
        AlertTime = Fired, DestinationIp = "10.9.8.7", MitreTechnique = "T1110 Brute Force", EventAction = "logon-failed",
    };

    [Fact]
    public void ChosenFields_FollowTheOtherColumnsInCatalogueOrder()
    {
        var row = Row(Alert(), new HashSet<string> { "age", "event.action", "destination.ip", "threat.technique.name" });

        Assert.Equal(["10.9.8.7", "T1110 Brute Force", "logon-failed"], row.FindAll(".alert-field").Select(c => c.TextContent));
        Assert.Equal("alert-age col-age", row.Find(".alert-row").Children[^4].ClassName);
        Assert.Equal("T1110 Brute Force", row.FindAll(".alert-field")[1].GetAttribute("title"));
    }

    [Fact]
    public void TimeColumn_IsShownInThePersonsZone_WithTheInstantInItsTitle()
    {
        var berlin = TimeZones.FindOrUtc("Europe/Berlin");

        var utc = Row(Alert(1), new HashSet<string> { "@timestamp" });
        var local = Row(Alert(2), new HashSet<string> { "@timestamp" }, berlin);

        Assert.Equal("2026-11-25 12:00:05", utc.Find("time.alert-field-time").TextContent);
        Assert.Equal("2026-11-25 13:00:05", local.Find("time.alert-field-time").TextContent);
        Assert.Equal("2026-11-25 13:00:05 +01:00 (Europe/Berlin)", local.Find("time.alert-field-time").GetAttribute("title"));
    }

    [Fact]
    public void SharedRow_IsNotServedToABoardWithAnotherZoneOrOtherFields()
    {
        var alert = Alert();
        var berlin = TimeZones.FindOrUtc("Europe/Berlin");
        var tokyo = TimeZones.FindOrUtc("Asia/Tokyo");

        Assert.Equal("2026-11-25 13:00:05", Row(alert, new HashSet<string> { "@timestamp" }, berlin).Find(".alert-field").TextContent);
        Assert.Equal("2026-11-25 21:00:05", Row(alert, new HashSet<string> { "@timestamp" }, tokyo).Find(".alert-field").TextContent);
        Assert.Equal("10.9.8.7", Row(alert, new HashSet<string> { "destination.ip" }, tokyo).Find(".alert-field").TextContent);
        Assert.Empty(Row(alert, new HashSet<string>(), tokyo).FindAll(".alert-field"));
    }

    [Fact]
    public void HostileFieldValues_StayTextInCellAndTitle()
    {
        var alert = Alert() with { DestinationIp = "\"><img src=x onerror=alert(1)>", EventAction = "<script>alert(2)</script>", EventCategory = null };

        var row = Row(alert, new HashSet<string> { "destination.ip", "event.category", "event.action" });

        Assert.Empty(row.FindAll("img"));
        Assert.Empty(row.FindAll("script"));
        Assert.Equal(["\"><img src=x onerror=alert(1)>", "—", "<script>alert(2)</script>"], row.FindAll(".alert-field").Select(c => c.TextContent));
        Assert.Equal("\"><img src=x onerror=alert(1)>", row.Find(".alert-field").GetAttribute("title"));
    }
}
