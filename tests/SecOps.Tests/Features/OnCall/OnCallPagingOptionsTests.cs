using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.OnCall;

namespace SecOps.Tests.Features.OnCall;

public sealed class OnCallPagingOptionsTests
{
    private static readonly OnCallPagingOptions Paging = new()
    {
        Team = "soc",
        Routes =
        [
            new PagingRoute { Team = "cloud", Sources = ["AWS-GuardDuty"], IncidentTeams = ["Cloud SOC"] },
            new PagingRoute { Team = "web", Rules = ["*sql injection*"], Severities = ["critical", "high"] },
            new PagingRoute { Team = "leads", Severities = ["critical"] },
            new PagingRoute { Team = "hr", IncidentTeams = ["HR"], Severities = ["medium"] },
        ],
    };

    [Theory]
    [InlineData("aws-guardduty", "Anything", Severity.Low, "cloud")]
    [InlineData("waf", "WAF: SQL Injection", Severity.High, "web")]
    [InlineData("waf", "WAF: SQL Injection", Severity.Medium, "soc")]
    [InlineData("waf", "WAF: XSS", Severity.Critical, "leads")]
    [InlineData("edr", "Ransomware", Severity.Medium, "soc")]
    [InlineData(null, null, Severity.High, "soc")]
    public void Alerts_GoToTheFirstRouteWhoseAlertConditionsAllHold(string? source, string? rule, Severity severity, string team) =>
        Assert.Equal(team, Paging.TeamForAlert(source, rule, severity));

    [Theory]
    [InlineData("Cloud SOC", Severity.Low, "cloud")]
    // Rules are about alerts: the web route never takes an incident, whatever its severity.
    [InlineData(null, Severity.High, "soc")]
    [InlineData(null, Severity.Critical, "leads")]
    [InlineData("HR", Severity.Medium, "hr")]
    [InlineData("hr", Severity.Low, "soc")]
    public void Incidents_GoToTheFirstRouteWhoseIncidentConditionsAllHold(string? incidentTeam, Severity severity, string team) =>
        Assert.Equal(team, Paging.TeamForIncident(incidentTeam, severity));
}
