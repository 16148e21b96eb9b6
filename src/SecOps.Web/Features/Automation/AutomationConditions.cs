using System.Text.RegularExpressions;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Automation;

/// <summary>Whether a rule's conditions hold for an alert or an incident.</summary>
public static class AutomationConditions
{
    public static bool Matches(AutomationRule rule, AlertView alert) =>
        rule.On == AutomationSubject.Alert
        && rule.IncidentTypes.Count == 0
        && (rule.Severities.Count == 0 || rule.Severities.Contains(alert.Severity, StringComparer.OrdinalIgnoreCase))
        && (rule.RuleNames.Count == 0 || rule.RuleNames.Any(p => Like(alert.RuleName, p)))
        && (rule.Entities.Count == 0 || rule.Entities.Any(p => new[] { alert.HostName, alert.UserName, alert.SourceIp, alert.DestinationIp }.Any(e => Like(e, p))));

    public static bool Matches(AutomationRule rule, IncidentView incident) =>
        rule.On == AutomationSubject.Incident
        && rule.RuleNames.Count == 0 && rule.Entities.Count == 0
        && (rule.Severities.Count == 0 || rule.Severities.Contains(AlertVocabulary.ToWire(incident.Severity), StringComparer.OrdinalIgnoreCase))
        && (rule.IncidentTypes.Count == 0 || rule.IncidentTypes.Contains(PlaybookVocabulary.ToWire(incident.Type), StringComparer.OrdinalIgnoreCase));

    /// <summary><c>*</c> matches any run of characters; everything else literally, ignoring case.</summary>
    public static bool Like(string? value, string pattern) =>
        value is not null && Regex.IsMatch(value, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
}
