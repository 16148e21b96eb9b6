using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The metrics table: one row per figure, this period beside the previous one. The page shows it and the CSV export
/// writes it, from the same rows. Rule names come from alert sources and are attacker-controlled text: the page renders
/// them as text, the export neutralises formulas.
/// </summary>
public static class MetricsTable
{
    public sealed record Row(string Section, string Metric, string Scope, string Current, string Previous);

    public static readonly string[] Header = ["Section", "Metric", "Scope", "This period", "Previous period"];

    public static IReadOnlyList<Row> Build(ComplianceQueries.Snapshot snapshot)
    {
        var (c, p) = (snapshot.Current, snapshot.Previous);
        var rows = new List<Row>();
        foreach (var (now, before) in new[] { (c.Detect, p.Detect), (c.Acknowledge, p.Acknowledge), (c.Contain, p.Contain), (c.Resolve, p.Resolve) })
        {
            rows.Add(new Row("Time", now.Name + " median", "all", MetricFormat.Duration(now.All.Median), MetricFormat.Duration(before.All.Median)));
            rows.Add(new Row("Time", now.Name + " p90", "all", MetricFormat.Duration(now.All.P90), MetricFormat.Duration(before.All.P90)));
            foreach (var severity in Enum.GetValues<Severity>().Reverse())
            {
                rows.Add(new Row("Time", now.Name + " median", AlertVocabulary.ToWire(severity), MetricFormat.Duration(now.BySeverity[severity].Median), MetricFormat.Duration(before.BySeverity[severity].Median)));
                rows.Add(new Row("Time", now.Name + " p90", AlertVocabulary.ToWire(severity), MetricFormat.Duration(now.BySeverity[severity].P90), MetricFormat.Duration(before.BySeverity[severity].P90)));
            }
        }
        rows.Add(new Row("SLA", "Acknowledged in time", "all", MetricFormat.Rate(c.AcknowledgeSla.All.Rate), MetricFormat.Rate(p.AcknowledgeSla.All.Rate)));
        rows.Add(new Row("SLA", "Resolved in time", "all", MetricFormat.Rate(c.ResolveSla.All.Rate), MetricFormat.Rate(p.ResolveSla.All.Rate)));
        foreach (var severity in Enum.GetValues<Severity>().Reverse())
        {
            rows.Add(new Row("SLA", "Acknowledged in time", AlertVocabulary.ToWire(severity), MetricFormat.Rate(c.AcknowledgeSla.BySeverity[severity].Rate), MetricFormat.Rate(p.AcknowledgeSla.BySeverity[severity].Rate)));
            rows.Add(new Row("SLA", "Resolved in time", AlertVocabulary.ToWire(severity), MetricFormat.Rate(c.ResolveSla.BySeverity[severity].Rate), MetricFormat.Rate(p.ResolveSla.BySeverity[severity].Rate)));
        }
        rows.Add(new Row("Volume", "Alerts", "all", MetricFormat.Count(c.Alerts), MetricFormat.Count(p.Alerts)));
        rows.Add(new Row("Volume", "Suppressed", "all", MetricFormat.Count(c.Suppressed), MetricFormat.Count(p.Suppressed)));
        rows.Add(new Row("Quality", "False-positive rate", "all", MetricFormat.Rate(c.FalsePositiveRate), MetricFormat.Rate(p.FalsePositiveRate)));
        rows.Add(new Row("Backlog", "Queued alerts now", "all", MetricFormat.Count(c.Backlog.Total), MetricFormat.None));
        for (var band = 0; band < ComplianceMetrics.AgeBandLabels.Length; band++)
        {
            rows.Add(new Row("Backlog", "Queued alerts aged " + ComplianceMetrics.AgeBandLabels[band], "all", MetricFormat.Count(c.Backlog.InBand(band)), MetricFormat.None));
        }
        foreach (var source in c.BySource)
        {
            rows.Add(new Row("Volume by source", source.Key, "all", MetricFormat.Count(source.Count), MetricFormat.Count(p.BySource.FirstOrDefault(s => s.Key == source.Key)?.Count ?? 0)));
        }
        foreach (var tactic in c.ByTactic)
        {
            rows.Add(new Row("Volume by MITRE tactic", tactic.Key, "all", MetricFormat.Count(tactic.Count), MetricFormat.Count(p.ByTactic.FirstOrDefault(s => s.Key == tactic.Key)?.Count ?? 0)));
        }
        foreach (var category in c.ByOwasp)
        {
            rows.Add(new Row("Volume by OWASP category", category.Key, "all", MetricFormat.Count(category.Count), MetricFormat.Count(p.ByOwasp.FirstOrDefault(s => s.Key == category.Key)?.Count ?? 0)));
        }
        foreach (var rule in c.Rules)
        {
            var before = p.Rules.FirstOrDefault(r => r.RuleName == rule.RuleName && r.RuleId == rule.RuleId);
            rows.Add(new Row("Rule", rule.RuleName, "alerts", MetricFormat.Count(rule.Alerts), MetricFormat.Count(before?.Alerts ?? 0)));
            rows.Add(new Row("Rule", rule.RuleName, "false-positive rate", MetricFormat.Rate(rule.FalsePositiveRate), MetricFormat.Rate(before?.FalsePositiveRate)));
            rows.Add(new Row("Rule", rule.RuleName, "suppressed", MetricFormat.Count(rule.Suppressed), MetricFormat.Count(before?.Suppressed ?? 0)));
        }
        foreach (var analyst in c.Analysts)
        {
            rows.Add(new Row("Workload", analyst.Analyst, "acknowledged / closed / assigned now", $"{analyst.Acknowledged} / {analyst.Closed} / {analyst.Assigned}", MetricFormat.None));
        }
        return rows;
    }
}
