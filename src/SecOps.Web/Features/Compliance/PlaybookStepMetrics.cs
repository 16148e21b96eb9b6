namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The metric engine's playbook part: how long steps and phases took, per playbook version, from the tasks of the
/// attachments that had a step closed in the period. A step counts in the period it was closed in; a phase in the period
/// its last step was closed in (a phase with a step still open is not finished). Durations run from the attachment,
/// when every task is created, in whole seconds (negative clock skew counts as zero), like the other time metrics.
/// </summary>
public static class PlaybookStepMetrics
{
    public static IReadOnlyList<StepTime> Steps(MetricPeriod period, IEnumerable<StepSpan> spans) =>
        [.. InPlaybookOrder(spans.Where(s => s.Closed is { } closed && period.Contains(closed)).GroupBy(s => (s.PlaybookKey, s.Version, s.Position)), s => s)
            .Select(g =>
            {
                var first = g.First();
                var (duration, onTime, late) = Timed(g.Where(s => !s.Skipped).Select(s => (s.Started, s.Closed!.Value, s.Due)));
                return new StepTime(first.PlaybookKey, first.Playbook, first.Version, first.Phase, first.Step, duration, onTime, late, g.LongCount(s => s.Skipped));
            })];

    public static IReadOnlyList<PhaseTime> Phases(MetricPeriod period, IEnumerable<StepSpan> spans)
    {
        var completed = spans.GroupBy(s => (s.Run, s.Phase))
            .Where(run => run.All(s => s.Closed is not null))
            .Select(run => (First: run.OrderBy(s => s.Position).First(), Completed: run.Max(s => s.Closed!.Value), Due: run.Max(s => s.Due), Skipped: run.All(s => s.Skipped)))
            .Where(p => period.Contains(p.Completed));
        return [.. InPlaybookOrder(completed.GroupBy(p => (p.First.PlaybookKey, p.First.Version, p.First.Position)), p => p.First)
            .Select(g =>
            {
                var first = g.First().First;
                var (duration, onTime, late) = Timed(g.Where(p => !p.Skipped).Select(p => (p.First.Started, p.Completed, p.Due)));
                return new PhaseTime(first.PlaybookKey, first.Playbook, first.Version, first.Phase, duration, onTime, late, g.LongCount(p => p.Skipped));
            })];
    }

    /// <summary>Playbooks by name (then key), versions in order, steps and phases by their place in the playbook.</summary>
    private static IEnumerable<IGrouping<(string Key, int Version, int Position), T>> InPlaybookOrder<T>(IEnumerable<IGrouping<(string Key, int Version, int Position), T>> groups, Func<T, StepSpan> span) =>
        groups.OrderBy(g => span(g.First()).Playbook, StringComparer.Ordinal).ThenBy(g => g.Key.Key, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Version).ThenBy(g => g.Key.Position);

    private static (DurationStats Duration, long OnTime, long Late) Timed(IEnumerable<(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Due)> spans)
    {
        var list = spans.ToList();
        var durations = list.GroupBy(s => Math.Max(0, (s.End.UtcTicks - s.Start.UtcTicks) / TimeSpan.TicksPerSecond)).Select(d => (d.Key, (long)d.Count()));
        return (DurationStats.Of(durations), list.LongCount(s => s.End <= s.Due), list.LongCount(s => s.End > s.Due));
    }
}
