using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Automation;

/// <summary>Rule conditions on alerts and incidents, the per-rule rate limit on a fake clock, and option checks.</summary>
public sealed class AutomationRulesTests
{
    private static AlertView Alert(string rule = "Exfil over DNS", string severity = "critical", string? host = "db-1.corp.example", string? user = null) =>
        new(1, 1, "d", "api", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, rule, null, severity, null, null, null, null,
            host, user, "203.0.113.9", null, null, null, "f", "open", null, null, 0);

    private static IncidentView Incident(Severity severity = Severity.High, IncidentType type = IncidentType.Fraud) =>
        new(7, "t", "", severity, IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, type, Tlp.Amber, Pap.Amber, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0);

    [Fact]
    public void AlertConditions_AllMustHold_AnyItemOfAListMatches()
    {
        var rule = new AutomationRule { Name = "r", Severities = ["high", "critical"], RuleNames = ["exfil*"], Entities = ["*.corp.example", "admin"] };

        Assert.True(AutomationConditions.Matches(rule, Alert()));
        Assert.True(AutomationConditions.Matches(rule, Alert(host: "laptop", user: "ADMIN")));
        Assert.False(AutomationConditions.Matches(rule, Alert(severity: "medium")));
        Assert.False(AutomationConditions.Matches(rule, Alert(rule: "Data exfil")));
        Assert.False(AutomationConditions.Matches(rule, Alert(host: "laptop")));
        Assert.False(AutomationConditions.Matches(rule, Incident()));
    }

    [Fact]
    public void IncidentConditions_SeverityAndType()
    {
        var rule = new AutomationRule { Name = "r", On = AutomationSubject.Incident, Severities = ["high"], IncidentTypes = ["fraud", "intrusions"] };

        Assert.True(AutomationConditions.Matches(rule, Incident()));
        Assert.False(AutomationConditions.Matches(rule, Incident(Severity.Low)));
        Assert.False(AutomationConditions.Matches(rule, Incident(type: IncidentType.Availability)));
        Assert.False(AutomationConditions.Matches(rule, Alert(severity: "high")));
    }

    [Theory]
    [InlineData("exfil*", "Exfil over DNS", true)]
    [InlineData("*dns", "Exfil over DNS", true)]
    [InlineData("exfil", "Exfil over DNS", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("(x", "(x", true)]
    public void Like_TreatsOnlyTheStarAsAWildcard(string pattern, string value, bool matches) =>
        Assert.Equal(matches, AutomationConditions.Like(value, pattern));

    [Fact]
    public void Options_NameTheRuleThatIsWrong()
    {
        Assert.Null(new AutomationOptions { Rules = [new() { Name = "a", ChatWebhook = "https://chat.example/x" }] }.Problem());
        Assert.Equal("Automation rule 'a': it has no action (AssignTo, EscalateWithPlaybook, EmailTo, ChatWebhook).",
            new AutomationOptions { Rules = [new() { Name = "a" }] }.Problem());
        Assert.Equal("Automation rule 'a' sends email, so SecOps:Automation:Smtp needs Host and From.",
            new AutomationOptions { Rules = [new() { Name = "a", EmailTo = ["x@example.test"] }] }.Problem());
        Assert.Equal("Each automation rule needs a name of its own.",
            new AutomationOptions { Rules = [new() { Name = "a", AssignTo = "x" }, new() { Name = "A", AssignTo = "y" }] }.Problem());
    }
}
