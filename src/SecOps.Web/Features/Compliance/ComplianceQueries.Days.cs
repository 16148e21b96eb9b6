using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Compliance;

public sealed partial class ComplianceQueries
{
    private const long Day = ComplianceSql.Day;

    private const long Hour = ComplianceSql.Hour;

    /// <summary>
    /// How a period [From, To) in ticks is read: its whole UTC days [<see cref="FirstDay"/>, <see cref="EndDay"/>) from the
    /// day rows, the whole hours around them (<see cref="Hours"/>, at most one range at each end) from the hour rows, and
    /// the <see cref="Pieces"/> of hours it cuts (at most one at each end) from the alerts. Without aggregates
    /// (PostgreSQL) the whole period is one piece.
    /// </summary>
    internal sealed record DayPlan(bool Aggregated, long FirstDay, long EndDay, IReadOnlyList<(long From, long To)> Hours, IReadOnlyList<(long From, long To)> Pieces)
    {
        public bool HasWholeDays => FirstDay < EndDay;

        public bool IsWhole(long day) => day >= FirstDay && day < EndDay;

        public static DayPlan Of(long from, long to, bool aggregated)
        {
            if (to <= from)
            {
                return new(aggregated, 0, 0, [], []);
            }
            var firstHour = (from + Hour - 1) / Hour * Hour;
            var endHour = to / Hour * Hour;
            if (!aggregated || firstHour >= endHour)
            {
                return new(aggregated, 0, 0, [], [(from, to)]);
            }
            var first = (from + Day - 1) / Day;
            var end = to / Day;
            List<(long, long)> hours = first < end
                ? [.. new[] { (firstHour, first * Day), (end * Day, endHour) }.Where(r => r.Item1 < r.Item2)]
                : [(firstHour, endHour)];
            List<(long, long)> pieces = [.. new[] { (from, firstHour), (endHour, to) }.Where(r => r.Item1 < r.Item2)];
            return first < end ? new(aggregated, first, end, hours, pieces) : new(aggregated, 0, 0, hours, pieces);
        }
    }

    /// <summary>
    /// Alerts of the period not yet acknowledged / closed, and how many are past their deadline. A whole day or hour no
    /// deadline cuts is on one side of every deadline, so its row answers: whole days from the day rows, the days a
    /// deadline cuts and the plan's hours from the hour rows, and only the hours a deadline cuts from the alerts.
    /// </summary>
    private static async Task<List<UnfinishedCount>> UnfinishedAsync(SecOpsDbContext db, DayPlan plan, List<AlertDayRow> days, SlaCutoffs cut, CancellationToken cancellationToken)
    {
        var acknowledge = Enum.GetValues<Severity>().ToDictionary(s => (int)s, s => cut.Acknowledge[s].UtcTicks);
        var resolve = Enum.GetValues<Severity>().ToDictionary(s => (int)s, s => cut.Resolve[s].UtcTicks);
        var deadlines = acknowledge.Values.Concat(resolve.Values).ToList();
        var cutDays = deadlines.Where(t => t % Day != 0 && plan.IsWhole(t / Day)).Select(t => t / Day).ToHashSet();
        var counts = Enum.GetValues<Severity>().ToDictionary(s => (int)s, _ => new long[4]);
        void AddWhole(int severity, long end, long unacknowledged, long unclosed)
        {
            var c = counts[severity];
            c[0] += unacknowledged;
            c[1] += end <= acknowledge[severity] ? unacknowledged : 0;
            c[2] += unclosed;
            c[3] += end <= resolve[severity] ? unclosed : 0;
        }
        foreach (var d in days.Where(d => d.Suppressed == 0 && plan.IsWhole(d.Day) && !cutDays.Contains(d.Day)))
        {
            AddWhole(d.Severity, (d.Day + 1) * Day, d.Unacknowledged, d.Unclosed);
        }
        var hourly = Merge(plan.Hours.Concat(cutDays.Select(d => (d * Day, (d + 1) * Day))));
        var cutHours = deadlines.Where(t => t % Hour != 0 && hourly.Any(r => t >= r.From && t < r.To)).Select(t => t / Hour).ToHashSet();
        foreach (var (from, to) in hourly)
        {
            foreach (var h in (await db.Database.SqlQuery<QueueHourRow>(ComplianceSql.QueueHours(from, to)).ToListAsync(cancellationToken)).Where(h => !cutHours.Contains(h.Hour)))
            {
                AddWhole(h.Severity, (h.Hour + 1) * Hour, h.Unacknowledged, h.Unclosed);
            }
        }
        long A(Severity s) => acknowledge[(int)s];
        long R(Severity s) => resolve[(int)s];
        foreach (var (from, to) in Merge(plan.Pieces.Concat(cutHours.Select(h => (h * Hour, (h + 1) * Hour)))))
        {
            var rows = await db.Database.SqlQuery<UnfinishedRow>($"""
                SELECT "Severity",
                       SUM(CASE WHEN "AcknowledgedAt" IS NULL THEN 1 ELSE 0 END) AS "Unacknowledged",
                       SUM(CASE WHEN "AcknowledgedAt" IS NULL AND "AlertTime" < (CASE "Severity" WHEN 1 THEN {A(Severity.Low)} WHEN 2 THEN {A(Severity.Medium)} WHEN 3 THEN {A(Severity.High)} ELSE {A(Severity.Critical)} END) THEN 1 ELSE 0 END) AS "UnacknowledgedOverdue",
                       SUM(CASE WHEN "ClosedAt" IS NULL THEN 1 ELSE 0 END) AS "Unclosed",
                       SUM(CASE WHEN "ClosedAt" IS NULL AND "AlertTime" < (CASE "Severity" WHEN 1 THEN {R(Severity.Low)} WHEN 2 THEN {R(Severity.Medium)} WHEN 3 THEN {R(Severity.High)} ELSE {R(Severity.Critical)} END) THEN 1 ELSE 0 END) AS "UnclosedOverdue"
                FROM "Alerts" WHERE "AlertTime" >= {from} AND "AlertTime" < {to} AND "SuppressedBy" IS NULL AND "ClosedAt" IS NULL
                GROUP BY "Severity"
                """).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var c = counts[row.Severity];
                c[0] += row.Unacknowledged;
                c[1] += row.UnacknowledgedOverdue;
                c[2] += row.Unclosed;
                c[3] += row.UnclosedOverdue;
            }
        }
        return [.. counts.Where(c => c.Value.Any(n => n != 0)).Select(c => new UnfinishedCount((Severity)c.Key, c.Value[0], c.Value[1], c.Value[2], c.Value[3]))];
    }

    /// <summary>
    /// Queued alerts of any time per severity and age band: days no band edge cuts from the day rows (all in one band),
    /// the days an edge cuts from their hour rows, and the hours an edge cuts from the board's queue index (status,
    /// severity, time: naming every severity lets SQLite seek the time range under each status and severity instead of
    /// reading the whole queue).
    /// </summary>
    private static async Task<List<BacklogCount>> BacklogAsync(SecOpsDbContext db, bool aggregated, SlaCutoffs cut, CancellationToken cancellationToken)
    {
        var b = cut.AgeBands.Select(t => t.UtcTicks).ToArray();
        int Band(long at) => at >= b[0] ? 0 : at >= b[1] ? 1 : at >= b[2] ? 2 : at >= b[3] ? 3 : 4;
        var counts = new Dictionary<(int Severity, int Band), long>();
        void Add(int severity, int band, long count) => counts[(severity, band)] = counts.GetValueOrDefault((severity, band)) + count;

        IEnumerable<(long From, long To)> raw = [(long.MinValue, long.MaxValue)];
        if (aggregated)
        {
            var cutDays = b.Where(t => t % Day != 0).Select(t => t / Day).ToHashSet();
            var days = await db.Database.SqlQuery<DayQueueRow>($"""
                SELECT "Day", "Severity", SUM("Queued") AS "Queued" FROM "ComplianceAlertDays" WHERE "Suppressed" = 0 AND "Day" >= 0
                GROUP BY "Day", "Severity"
                """).ToListAsync(cancellationToken);
            foreach (var d in days.Where(d => d.Queued != 0 && !cutDays.Contains(d.Day)))
            {
                Add(d.Severity, Band(d.Day * Day), d.Queued);
            }
            var cutHours = b.Where(t => t % Hour != 0).Select(t => t / Hour).ToHashSet();
            foreach (var (from, to) in Merge(cutDays.Select(d => (d * Day, (d + 1) * Day))))
            {
                foreach (var h in (await db.Database.SqlQuery<QueueHourRow>(ComplianceSql.QueueHours(from, to)).ToListAsync(cancellationToken)).Where(h => h.Queued != 0 && !cutHours.Contains(h.Hour)))
                {
                    Add(h.Severity, Band(h.Hour * Hour), h.Queued);
                }
            }
            raw = Merge(cutHours.Select(h => (h * Hour, (h + 1) * Hour)));
        }
        foreach (var (from, to) in raw)
        {
            var rows = await db.Database.SqlQuery<BacklogRow>($"""
                SELECT "Severity", CASE WHEN "AlertTime" >= {b[0]} THEN 0 WHEN "AlertTime" >= {b[1]} THEN 1 WHEN "AlertTime" >= {b[2]} THEN 2 WHEN "AlertTime" >= {b[3]} THEN 3 ELSE 4 END AS "Band", COUNT(*) AS "Count"
                FROM "Alerts" WHERE "Status" IN (0, 1, 2) AND "SuppressedBy" IS NULL AND "Severity" IN (1, 2, 3, 4) AND "AlertTime" >= {from} AND "AlertTime" < {to}
                GROUP BY 1, 2
                """).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                Add(row.Severity, (int)row.Band, row.Count);
            }
        }
        return [.. counts.Where(c => c.Value != 0).Select(c => new BacklogCount((Severity)c.Key.Severity, c.Key.Band, c.Value))];
    }

    /// <summary>Ranges in order, touching or overlapping ones joined.</summary>
    private static List<(long From, long To)> Merge(IEnumerable<(long From, long To)> ranges)
    {
        var merged = new List<(long From, long To)>();
        foreach (var (from, to) in ranges.Where(r => r.To > r.From).OrderBy(r => r.From))
        {
            if (merged.Count > 0 && from <= merged[^1].To)
            {
                merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, to));
            }
            else
            {
                merged.Add((from, to));
            }
        }
        return merged;
    }
}
