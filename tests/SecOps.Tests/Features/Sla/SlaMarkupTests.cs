using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Features.Sla;

public sealed class SlaMarkupTests : ComponentTest
{
    private AlertView Alert(string severity, string status, TimeSpan age) =>
        Alerts.View(1, severity: severity, status: status) with { AlertTime = Time.GetUtcNow() - age };

    // The SLA cell as the kanban cards draw it, evaluated by the server's clock at the fake time.
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Clock(AlertView alert)
    {
        var now = Time.GetUtcNow();
        return Render(SlaMarkup.Render(Services.GetRequiredService<SlaClock>().Evaluate(alert, now), now));
    }

    [Theory]
    [InlineData("critical", "open", 5, "sla-running", "10m 00s")]
    [InlineData("critical", "open", 12, "sla-warning", "3m 00s")]
    [InlineData("critical", "open", 20, "sla-breached", "-5m 00s")]
    [InlineData("high", "acknowledged", 30, "sla-running", "23h 30m")]
    public void OpenAlert_ShowsTheRunningClockAndItsState(string severity, string status, int minutesOld, string cssClass, string text)
    {
        var timer = Clock(Alert(severity, status, TimeSpan.FromMinutes(minutesOld)));

        var span = timer.Find("span.sla");
        Assert.Contains(cssClass, span.ClassName);
        Assert.Equal(text, span.TextContent);
    }

    [Fact]
    public void ClockCarriesDeadlineAndWarningForTheBrowserToTick()
    {
        var alert = Alert("critical", "open", TimeSpan.Zero);

        var span = Clock(alert).Find("span.sla");

        Assert.Equal((alert.AlertTime + TimeSpan.FromMinutes(15)).ToUnixTimeMilliseconds().ToString(), span.GetAttribute("data-sla-deadline"));
        Assert.Equal((alert.AlertTime + TimeSpan.FromMinutes(15 * 0.75)).ToUnixTimeMilliseconds().ToString(), span.GetAttribute("data-sla-warn"));
    }

    [Fact]
    public void ClosedAlert_ShowsMetWithoutAClock()
    {
        var span = Clock(Alert("high", "closed", TimeSpan.FromHours(30))).Find("span.sla");

        Assert.Contains("sla-met", span.ClassName);
        Assert.Null(span.GetAttribute("data-sla-deadline"));
    }

    [Fact]
    public void MovingTheClock_TurnsARunningClockIntoABreach()
    {
        var alert = Alert("medium", "open", TimeSpan.Zero);
        Assert.Contains("sla-running", Clock(alert).Find("span.sla").ClassName);

        Time.Advance(TimeSpan.FromHours(5));

        Assert.Contains("sla-breached", Clock(alert).Find("span.sla").ClassName);
    }
}
