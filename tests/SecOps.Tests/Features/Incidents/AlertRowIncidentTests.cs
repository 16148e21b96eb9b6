using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Incidents;

/// <summary>A board row shows the incident its alert was escalated into, and nothing when there is none.</summary>
public sealed class AlertRowIncidentTests : ComponentTest
{
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Row(Web.Features.Alerts.AlertView alert)
    {
        var sla = Services.GetRequiredService<SlaClock>().Evaluate(alert, Time.GetUtcNow());
        return Render(AlertRowMarkup.Html(new AlertRowModel(alert, sla, AlertRowMarkup.AllColumns, false, false, 1, null)).Fragment);
    }

    [Fact]
    public void EscalatedAlert_ShowsItsIncident_OnTheRow()
    {
        var row = Row(Alerts.View(1) with { IncidentId = 42 });

        Assert.Equal("Incident #42", row.Find(".alert-incident").TextContent);
        Assert.Empty(Row(Alerts.View(2)).FindAll(".alert-incident"));
    }
}
