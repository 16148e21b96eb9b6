using System.Globalization;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// The report's tables, built from the compliance snapshot and the framework evidence the compliance pages show (no
/// second computation of any figure). Every table the page shows is here, and only here, so each has its exports.
/// </summary>
public static class ReportTables
{
    public const string Metrics = "metrics";

    public static IReadOnlyList<ReportTable> Build(ComplianceQueries.Snapshot snapshot, IReadOnlyList<FrameworkEvidence.FrameworkResult> frameworks)
    {
        var report = snapshot.Current;
        return
        [
            MetricsOf(MetricsTable.Build(snapshot)),
            new("frameworks", "Framework controls and their evidence", ["Framework", "Control", "Title", "Evidence", "Kind", "Records"],
                [.. frameworks.SelectMany(f => f.Controls.SelectMany(c => c.Evidence.Select(e =>
                    Row(f.Framework.Name, c.Control.Id, c.Control.Title, e.Selector.Label, e.Selector.Kind.ToString().ToLowerInvariant(), MetricFormat.Count(e.Count)))))]),
            RuleTable("noisy-rules", "Noisy rules", report.NoisyRules),
            RuleTable("rules", "Alerts and false positives per rule", report.Rules),
            new("workload", "Analyst workload", ["Analyst", "Acknowledged", "Closed", "Assigned now"],
                [.. report.Analysts.Select(a => Row(a.Analyst, MetricFormat.Count(a.Acknowledged), MetricFormat.Count(a.Closed), MetricFormat.Count(a.Assigned)))]),
            TacticDays(report),
            new("step-times", "Playbook step times", ["Playbook", "Version", "Phase", "Step", .. TimedColumns("Done", "Skipped")],
                [.. report.Steps.Select(t => Row([t.Playbook, Version(t.Version), PhaseLabel(t.Phase), t.Step, .. Timed(t.Duration, t.OnTime, t.Late, t.Skipped)]))]),
            new("phase-times", "Playbook phase times", ["Playbook", "Version", "Phase", .. TimedColumns("Completed", "All skipped")],
                [.. report.Phases.Select(t => Row([t.Playbook, Version(t.Version), PhaseLabel(t.Phase), .. Timed(t.Duration, t.OnTime, t.Late, t.Skipped)]))]),
        ];
    }

    public static ReportTable MetricsOf(IEnumerable<MetricsTable.Row> rows) =>
        new(Metrics, "Metrics, this period and the previous one", MetricsTable.Header, [.. rows.Select(r => Row(r.Section, r.Metric, r.Scope, r.Current, r.Previous))]);

    private static ReportTable RuleTable(string id, string title, IReadOnlyList<RuleQuality> rules) =>
        new(id, title, ["Rule", "Rule id", "Alerts", "Closed", "False positives", "False-positive rate", "Suppressed"],
            [.. rules.Select(r => Row(r.RuleName, r.RuleId ?? "", MetricFormat.Count(r.Alerts), MetricFormat.Count(r.Closed),
                MetricFormat.Count(r.FalsePositives), MetricFormat.Rate(r.FalsePositiveRate), MetricFormat.Count(r.Suppressed)))]);

    /// <summary>The heat map's numbers: one row per tactic, one column per day of the period.</summary>
    private static ReportTable TacticDays(ComplianceReport report)
    {
        var days = report.Period.Days();
        var counts = report.TacticDays.GroupBy(t => (t.Tactic, t.Day)).ToDictionary(g => g.Key, g => g.Sum(t => t.Count));
        return new("tactic-days", "Alerts by MITRE ATT&CK tactic and day (UTC)",
            ["Tactic", .. days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            [.. report.ByTactic.Select(t => (IReadOnlyList<string>)[t.Key, .. days.Select(d => MetricFormat.Count(counts.GetValueOrDefault((t.Key, ComplianceMetrics.DayNumber(d)))))])]);
    }

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string[] TimedColumns(string timed, string skipped) => [timed, "Median", "90th percentile", "On time", "Late", skipped];

    private static string[] Timed(DurationStats duration, long onTime, long late, long skipped) =>
        [MetricFormat.Count(duration.Count), MetricFormat.Duration(duration.Median), MetricFormat.Duration(duration.P90),
         MetricFormat.Count(onTime), MetricFormat.Count(late), MetricFormat.Count(skipped)];

    private static string Version(int version) => "v" + version.ToString(CultureInfo.InvariantCulture);

    private static string PhaseLabel(Incidents.IncidentPhase phase) => Incidents.IncidentVocabulary.Label(phase);
}
