using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Features.Sla;

/// <summary>Incidents carry the alerts' SLA targets by severity, from creation: acknowledge while open, then resolve; a resolved one shows met or late.</summary>
public sealed class IncidentSlaTests : ComponentTest
{
    private IncidentView Incident(Severity severity, IncidentStatus status, TimeSpan age, DateTimeOffset? resolvedAt = null)
    {
        var created = Time.GetUtcNow() - age;
        return new IncidentView(1, "t", "", severity, status, IncidentPhase.DetectionAndAnalysis, IncidentType.Other, Tlp.Amber, Pap.Amber, null, null, created, created, 1)
        {
            ResolvedAt = resolvedAt,
        };
    }

    private SlaStatus Evaluate(IncidentView incident) => Services.GetRequiredService<SlaClock>().Evaluate(incident, Time.GetUtcNow());

    [Theory]
    [InlineData(Severity.Critical, IncidentStatus.Open, 5, "acknowledge", SlaState.Running, 15)]
    [InlineData(Severity.Critical, IncidentStatus.Open, 12, "acknowledge", SlaState.Warning, 15)]
    [InlineData(Severity.Critical, IncidentStatus.Open, 15, "acknowledge", SlaState.Breached, 15)]
    [InlineData(Severity.Critical, IncidentStatus.InProgress, 20, "resolve", SlaState.Running, 240)]
    [InlineData(Severity.High, IncidentStatus.InProgress, 23 * 60, "resolve", SlaState.Warning, 24 * 60)]
    [InlineData(Severity.Low, IncidentStatus.Open, 25 * 60, "acknowledge", SlaState.Breached, 24 * 60)]
    public void OpenIncident_RunsTheClockOfItsStatus_FromCreation(Severity severity, IncidentStatus status, int minutesOld, string phase, SlaState state, int targetMinutes)
    {
        var incident = Incident(severity, status, TimeSpan.FromMinutes(minutesOld));

        var sla = Evaluate(incident);

        Assert.Equal((phase, state, incident.CreatedAt.AddMinutes(targetMinutes)), (sla.Phase, sla.State, sla.Deadline));
    }

    [Fact]
    public void ResolvedIncident_IsMetInTime_OrLateAfter_WithoutAClock()
    {
        var created = Time.GetUtcNow().AddHours(-30);
        var inTime = Evaluate(Incident(Severity.Critical, IncidentStatus.Resolved, TimeSpan.FromHours(30), created.AddHours(3)));
        var late = Evaluate(Incident(Severity.Critical, IncidentStatus.Closed, TimeSpan.FromHours(30), created.AddHours(5)));

        Assert.Equal((SlaState.Met, (DateTimeOffset?)null), (inTime.State, inTime.Deadline));
        Assert.Equal((SlaState.Breached, (DateTimeOffset?)null), (late.State, late.Deadline));
        var cell = Render(SlaMarkup.Render(late, Time.GetUtcNow())).Find("span.sla");
        Assert.Equal(("sla sla-breached", "late"), (cell.ClassName, cell.TextContent));
    }
}
