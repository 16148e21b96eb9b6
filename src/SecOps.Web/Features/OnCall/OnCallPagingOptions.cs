using System.ComponentModel.DataAnnotations;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Automation;

namespace SecOps.Web.Features.OnCall;

/// <summary>
/// Paging (<c>SecOps:OnCall:Paging</c>): which rota team is paged for critical alerts and SLA breaches, how often the
/// pager looks, and how long a page waits for an acknowledgement before the next person in the chain is paged. Off
/// while <see cref="Team"/> is not set. Pages are emailed through the automation's mail server (<c>SecOps:Automation:Smtp</c>).
/// </summary>
public sealed class OnCallPagingOptions
{
    public const string SectionName = "SecOps:OnCall:Paging";

    /// <summary>The rota team (<c>SecOps:OnCall:Teams</c>) whose person on duty is paged; null: nobody is paged.</summary>
    public string? Team { get; set; }

    /// <summary>
    /// Which rota team is paged for what, first match first; whatever no route matches pages <see cref="Team"/>.
    /// </summary>
    // No default: configuration binding appends to a list's defaults instead of replacing them.
    public List<PagingRoute> Routes { get; set; } = [];

    /// <summary>The rota team paged for an alert: the first route that matches its source, rule name and severity.</summary>
    public string TeamForAlert(string? source, string? ruleName, Severity severity) =>
        Routes.FirstOrDefault(r => r.MatchesAlert(source, ruleName, severity))?.Team ?? Team ?? "";

    /// <summary>The rota team paged for an incident: the first route that matches its team (by name) and severity.</summary>
    public string TeamForIncident(string? incidentTeam, Severity severity) =>
        Routes.FirstOrDefault(r => r.MatchesIncident(incidentTeam, severity))?.Team ?? Team ?? "";

    /// <summary>How often the pager looks for new critical alerts, SLA breaches, acknowledgements and overdue pages.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A page not acknowledged within this long goes to the next person in the chain.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How far back critical alerts and SLA deadlines are considered, so turning paging on (or a long outage) does not
    /// page for an old backlog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether alerts and incidents taken on but not closed (resolved) by their resolve target page as well, once each.
    /// </summary>
    public bool PageResolveBreaches { get; set; } = true;

    /// <summary>
    /// The app's address as people reach it (<c>https://secops.example.org</c>): page mails then carry a link that
    /// acknowledges the page once its person signs in. Not set: no link.
    /// </summary>
    [Url]
    public string? AcknowledgeLinkBase { get; set; }

    /// <summary>How long a page mail's acknowledge link works.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan AcknowledgeLinkLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>At most this many new pages per round; the rest wait for the next round.</summary>
    [Range(1, 1000)]
    public int MaxNewPagesPerRound { get; set; } = 50;

    /// <summary>How long one instance holds a page while emailing it; a claim left by a dead instance is retried after this.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// A paging route: what pages the rota team <see cref="Team"/>. <see cref="Sources"/> (the alert's <c>source</c>) and
/// <see cref="Rules"/> (rule-name patterns) are about alerts, <see cref="IncidentTeams"/> (the incident's team, by name)
/// about incidents, <see cref="Severities"/> about both. A route matches an alert when it names alert conditions, or
/// only severities, and every condition it names holds; likewise for an incident. So a route with sources and incident
/// teams pages for the alerts of those sources and the incidents of those teams, and a route with severities alone
/// pages for everything of those severities. Names and patterns match without regard to case; <c>*</c> matches any run
/// of characters in a rule-name pattern.
/// </summary>
public sealed class PagingRoute
{
    public string Team { get; set; } = "";

    public List<string> Sources { get; set; } = [];

    public List<string> Rules { get; set; } = [];

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>.</summary>
    public List<string> Severities { get; set; } = [];

    public List<string> IncidentTeams { get; set; } = [];

    private bool NamesAlertConditions => Sources.Count > 0 || Rules.Count > 0;

    public bool MatchesAlert(string? source, string? ruleName, Severity severity) =>
        (NamesAlertConditions || (IncidentTeams.Count == 0 && Severities.Count > 0))
        && (Sources.Count == 0 || (source is not null && Sources.Contains(source, StringComparer.OrdinalIgnoreCase)))
        && (Rules.Count == 0 || Rules.Any(pattern => AutomationConditions.Like(ruleName, pattern.Trim())))
        && HasSeverity(severity);

    public bool MatchesIncident(string? incidentTeam, Severity severity) =>
        (IncidentTeams.Count > 0 || (!NamesAlertConditions && Severities.Count > 0))
        && (IncidentTeams.Count == 0 || (incidentTeam is not null && IncidentTeams.Contains(incidentTeam, StringComparer.OrdinalIgnoreCase)))
        && HasSeverity(severity);

    private bool HasSeverity(Severity severity) =>
        Severities.Count == 0 || Severities.Any(s => AlertVocabulary.TryParseSeverity(s, out var named) && named == severity);
}
