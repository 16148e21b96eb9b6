using Microsoft.Extensions.Options;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The metric engine: turns the store's grouped facts for a period into MTTD, MTTA, MTTC and MTTR (median and 90th
/// percentile per severity), SLA adherence against <see cref="SlaOptions"/>, backlog ageing, volumes, false-positive
/// rates, noisy rules, workload and the daily trend. Plain C#, no I/O; times are UTC, so a clock change (DST) never
/// bends a duration.
/// </summary>
public sealed class ComplianceMetrics(IOptions<SlaOptions> sla, IOptions<ComplianceOptions> options, TimeProvider time)
{
    /// <summary>Upper bounds of the backlog's age bands (1 h, 4 h, 24 h, 7 days; then older).</summary>
    public static readonly TimeSpan[] AgeBands = [TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24), TimeSpan.FromDays(7)];

    public static readonly string[] AgeBandLabels = ["< 1 h", "1–4 h", "4–24 h", "1–7 d", "> 7 d"];

    public const string NoTactic = "(none)";

    public TimeProvider Time => time;

    public SlaOptions Sla => sla.Value;

    /// <summary>Alerts raised before these instants are past their acknowledge / resolve deadline at <paramref name="now"/>.</summary>
    public SlaCutoffs Cutoffs(DateTimeOffset now) => new(
        Enum.GetValues<Severity>().ToDictionary(s => s, s => now - sla.Value.AcknowledgeWithin[s]),
        Enum.GetValues<Severity>().ToDictionary(s => s, s => now - sla.Value.ResolveWithin[s]),
        [.. AgeBands.Select(b => now - b)]);

    public ComplianceReport Compute(MetricPeriod period, ComplianceFacts facts) => Compute(period, facts, time.GetUtcNow());

    public ComplianceReport Compute(MetricPeriod period, ComplianceFacts facts, DateTimeOffset now)
    {
        var settings = options.Value;
        var rules = facts.Rules.Select(r => new RuleQuality(r.RuleId, r.RuleName, r.Alerts, r.Closed, r.FalsePositives, r.Suppressed))
            .OrderByDescending(r => r.Alerts).ThenBy(r => r.RuleName, StringComparer.Ordinal).ToList();
        var noisy = rules.Where(r => r.Alerts >= settings.NoisyMinimumAlerts
                && ((r.FalsePositiveRate ?? 0) >= settings.NoisyFalsePositiveRate || (double)r.Suppressed / r.Alerts >= settings.NoisyFalsePositiveRate))
            .ToList();
        var contained = facts.Incidents.Where(i => i.ContainedAt is { } c && c >= i.CreatedAt).Select(i => (i.Severity, i.CreatedAt, i.ContainedAt!.Value));
        var resolved = facts.Incidents.Where(i => i.ResolvedAt is { } r && r >= i.CreatedAt).Select(i => (i.Severity, i.CreatedAt, i.ResolvedAt!.Value));
        var ackByDay = (facts.AcknowledgeByDay ?? facts.Acknowledge).ToLookup(d => d.Day);
        var raisedByDay = facts.Days.ToLookup(d => d.Day);
        return new ComplianceReport(period, now)
        {
            Detect = Metric("MTTD", facts.Detect),
            Acknowledge = Metric("MTTA", facts.Acknowledge),
            Contain = Metric("MTTC", facts.Contain ?? Durations(contained)),
            Resolve = Metric("MTTR", facts.Resolve ?? Durations(resolved)),
            AcknowledgeSla = Adherence(facts.Acknowledge, sla.Value.AcknowledgeWithin, facts.Unfinished, u => (u.Unacknowledged, u.UnacknowledgedOverdue)),
            ResolveSla = Adherence(facts.Close, sla.Value.ResolveWithin, facts.Unfinished, u => (u.Unclosed, u.UnclosedOverdue)),
            Backlog = Backlog(facts.Backlog),
            Alerts = rules.Sum(r => r.Alerts),
            Suppressed = rules.Sum(r => r.Suppressed),
            Closed = rules.Sum(r => r.Closed),
            FalsePositives = rules.Sum(r => r.FalsePositives),
            BySource = Ranked(facts.BySource),
            ByTactic = Ranked(facts.ByTactic),
            ByOwasp = Owasp(settings.Owasp, rules),
            Rules = rules,
            NoisyRules = noisy,
            Analysts = [.. facts.Analysts.OrderByDescending(a => a.Acknowledged + a.Closed).ThenBy(a => a.Analyst, StringComparer.Ordinal)],
            Trend = [.. period.Days().Select(day =>
            {
                var number = DayNumber(day);
                return new DayPoint(day, raisedByDay[number].Sum(d => d.Count), DurationStats.Of(ackByDay[number].Select(d => (d.Seconds, d.Count))));
            })],
            Days = facts.Days,
            TacticDays = facts.TacticDays,
            Steps = PlaybookStepMetrics.Steps(period, facts.Steps),
            Phases = PlaybookStepMetrics.Phases(period, facts.Steps),
        };
    }

    public static long DayNumber(DateOnly day) => day.ToDateTime(TimeOnly.MinValue).Ticks / TimeSpan.TicksPerDay;

    public static DateOnly Day(long number) => DateOnly.FromDateTime(new DateTime(number * TimeSpan.TicksPerDay, DateTimeKind.Utc));

    /// <summary>Durations from start/end pairs grouped as the store groups them (whole seconds, floored; negative clock skew counts as zero).</summary>
    public static IReadOnlyList<DurationCount> Durations(IEnumerable<(Severity Severity, DateTimeOffset Start, DateTimeOffset End)> spans) =>
        [.. spans.GroupBy(s => (s.Severity, Day: s.Start.UtcTicks / TimeSpan.TicksPerDay, Seconds: Math.Max(0, (s.End.UtcTicks - s.Start.UtcTicks) / TimeSpan.TicksPerSecond)))
            .Select(g => new DurationCount(g.Key.Severity, g.Key.Day, g.Key.Seconds, g.Count()))];

    private static TimeMetric Metric(string name, IReadOnlyList<DurationCount> durations) => new(
        name,
        DurationStats.Of(durations.Select(d => (d.Seconds, d.Count))),
        Enum.GetValues<Severity>().ToDictionary(s => s, s => DurationStats.Of(durations.Where(d => d.Severity == s).Select(d => (d.Seconds, d.Count)))));

    private static SlaMetric Adherence(IReadOnlyList<DurationCount> done, Dictionary<Severity, TimeSpan> targets, IReadOnlyList<UnfinishedCount> unfinished, Func<UnfinishedCount, (long Open, long Overdue)> pick)
    {
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s =>
        {
            var target = (long)targets[s].TotalSeconds;
            var finished = done.Where(d => d.Severity == s).ToList();
            var (open, overdue) = unfinished.Where(u => u.Severity == s).Select(pick).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Open, a.Item2 + b.Overdue));
            return new SlaCounts(
                finished.Where(d => d.WithinTarget ?? d.Seconds <= target).Sum(d => d.Count),
                finished.Where(d => !(d.WithinTarget ?? d.Seconds <= target)).Sum(d => d.Count) + overdue,
                open - overdue);
        });
        return new SlaMetric(new SlaCounts(bySeverity.Values.Sum(c => c.Met), bySeverity.Values.Sum(c => c.Missed), bySeverity.Values.Sum(c => c.Pending)), bySeverity);
    }

    private static BacklogMetric Backlog(IReadOnlyList<BacklogCount> counts)
    {
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, _ => new long[AgeBands.Length + 1]);
        foreach (var count in counts)
        {
            bySeverity[count.Severity][Math.Clamp(count.Band, 0, AgeBands.Length)] += count.Count;
        }
        return new BacklogMetric(counts.Sum(c => c.Count), bySeverity);
    }

    private static IReadOnlyList<KeyCount> Ranked(IReadOnlyList<KeyCount> counts) =>
        [.. counts.GroupBy(c => c.Key).Select(g => new KeyCount(g.Key, g.Sum(c => c.Count))).OrderByDescending(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>Alerts per configured OWASP category (a rule counts toward each category that names its id or its exact name); categories without alerts appear as zero.</summary>
    private static IReadOnlyList<KeyCount> Owasp(List<OwaspCategory> categories, IReadOnlyList<RuleQuality> rules) =>
        [.. categories.Select(c => new KeyCount(c.Id + " " + c.Name, rules.Where(r => Maps(c, r.RuleId, r.RuleName)).Sum(r => r.Alerts)))];

    public static bool Maps(OwaspCategory category, string? ruleId, string ruleName) =>
        category.Rules.Any(r => string.Equals(r, ruleId, StringComparison.OrdinalIgnoreCase) || string.Equals(r, ruleName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Instants that split alerts by their alert time: before <see cref="Acknowledge"/>[s] a severity-s alert is past its acknowledge deadline, and so on.</summary>
public sealed record SlaCutoffs(IReadOnlyDictionary<Severity, DateTimeOffset> Acknowledge, IReadOnlyDictionary<Severity, DateTimeOffset> Resolve, IReadOnlyList<DateTimeOffset> AgeBands);
