using System.Runtime.CompilerServices;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The two grouped shapes the compliance figures are summed from, written once for three uses: reading alerts of a time
/// range directly (PostgreSQL always; SQLite for the parts of days a period cuts), rebuilding the SQLite day aggregates,
/// and the SQLite triggers that keep those aggregates (<see cref="ComplianceAggregates"/>). One text for all three is what
/// keeps the aggregates equal to the alerts they sum. Only constants are written into the SQL; values are parameters.
/// </summary>
internal static class ComplianceSql
{
    public const long Day = TimeSpan.TicksPerDay;
    private const long Second = TimeSpan.TicksPerSecond;

    public const string AlertDayKey = """
        "Day", "Severity", "Suppressed", "Source", "RuleId", "RuleName", "Tactic"
        """;

    public const string AlertDayCounts = """
        "Alerts", "Closed", "FalsePositives", "Unacknowledged", "Unclosed", "Queued"
        """;

    public const string DurationKey = """
        "Day", "Kind", "Severity", "Lower", "WithinTarget"
        """;

    /// <summary>The day-row key of an alert; <paramref name="r"/> is "" for a column or "NEW."/"OLD." in a trigger.</summary>
    public static string AlertDayKeyValues(string r, bool named = false)
    {
        string[] values =
        [
            $"""{r}"AlertTime" / {Day}""", $"{r}\"Severity\"", $"""CASE WHEN {r}"SuppressedBy" IS NULL THEN 0 ELSE 1 END""", $"{r}\"Source\"",
            $"""COALESCE({r}"RuleId", '')""", $"{r}\"RuleName\"", $"""COALESCE({r}"MitreTactic", '{ComplianceMetrics.NoTactic}')""",
        ];
        return string.Join(", ", named ? values.Zip(AlertDayKey.Split(", ")).Select(v => $"{v.First} AS {v.Second}") : values);
    }

    /// <summary>What one alert adds to each count of its day row (0 or 1).</summary>
    public static string[] AlertDayCountValues(string r) =>
    [
        "1",
        $"""CASE WHEN {r}"Status" = 3 THEN 1 ELSE 0 END""",
        $"""CASE WHEN {r}"Status" = 3 AND {r}"CloseReason" = 2 THEN 1 ELSE 0 END""",
        $"""CASE WHEN {r}"AcknowledgedAt" IS NULL AND {r}"ClosedAt" IS NULL THEN 1 ELSE 0 END""",
        $"""CASE WHEN {r}"ClosedAt" IS NULL THEN 1 ELSE 0 END""",
        $"""CASE WHEN {r}"Status" IN (0, 1, 2) THEN 1 ELSE 0 END""",
    ];

    /// <summary>Day rows of the alerts raised in [{0}, {1}).</summary>
    public static FormattableString AlertDays(long from, long to) => Create($"""
        SELECT {AlertDayKeyValues("", named: true)}, {string.Join(", ", AlertDayCountValues("").Zip(AlertDayCounts.Split(", ")).Select(v => $"SUM({v.First}) AS {v.Second}"))}
        FROM "Alerts" WHERE "AlertTime" >= {"{0}"} AND "AlertTime" < {"{1}"}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """, from, to);

    /// <summary>The stored day rows of days [{0}, {1}) (day numbers), in <see cref="AlertDays"/>' shape.</summary>
    public static FormattableString StoredAlertDays(long firstDay, long endDay) => Create($"""
        SELECT {AlertDayKey}, {AlertDayCounts} FROM "ComplianceAlertDays"
        WHERE "Day" >= {"{0}"} AND "Day" < {"{1}"} AND "Alerts" <> 0
        """, firstDay, endDay);

    /// <summary>One kind of duration: its number, its whole seconds (negative skew as zero) and the alerts it exists for.</summary>
    public sealed record DurationKind(int Kind, string End, string Condition)
    {
        public string Seconds(string r) =>
            $"""CASE WHEN {r}"{Start}" > {r}"{End}" THEN 0 ELSE ({r}"{End}" - {r}"{Start}") / {Second} END""";

        private string Start => Kind == 0 ? "EventTime" : "AlertTime";
    }

    public static readonly DurationKind Detect = new(0, "AlertTime", """ "SuppressedBy" IS NULL""");
    public static readonly DurationKind Acknowledge = new(1, "AcknowledgedAt", """ "SuppressedBy" IS NULL AND {r}"AcknowledgedAt" IS NOT NULL""");
    public static readonly DurationKind Close = new(2, "ClosedAt", """ "SuppressedBy" IS NULL AND {r}"ClosedAt" IS NOT NULL""");
    public static readonly DurationKind[] Kinds = [Detect, Acknowledge, Close];

    /// <summary>Whether an alert of the period counts for a kind (queued, and the end time exists).</summary>
    public static string Counts(DurationKind kind, string r) => r + kind.Condition.Trim().Replace("{r}", r, StringComparison.Ordinal);

    /// <summary>
    /// Duration rows ("Day", "Kind", "Severity", "Lower", "WithinTarget", "Count") of the alerts raised in [{0}, {1}):
    /// the SLA targets in seconds are parameters {2}–{5} (acknowledge, low to critical) and {6}–{9} (resolve).
    /// </summary>
    public static FormattableString Durations(long from, long to, long[] acknowledgeTargets, long[] resolveTargets)
    {
        var selects = Kinds.Select(k =>
        {
            var within = k.Kind switch
            {
                0 => "0",
                1 => """CASE WHEN "Seconds" <= CASE "Severity" WHEN 1 THEN {2} WHEN 2 THEN {3} WHEN 3 THEN {4} ELSE {5} END THEN 1 ELSE 0 END""",
                _ => """CASE WHEN "Seconds" <= CASE "Severity" WHEN 1 THEN {6} WHEN 2 THEN {7} WHEN 3 THEN {8} ELSE {9} END THEN 1 ELSE 0 END""",
            };
            return $"""
                SELECT "Day", {k.Kind} AS "Kind", "Severity", {DurationBuckets.LowerSql("\"Seconds\"")} AS "Lower", {within} AS "WithinTarget", COUNT(*) AS "Count"
                FROM (SELECT "AlertTime" / {Day} AS "Day", "Severity", {k.Seconds("")} AS "Seconds" FROM "Alerts"
                      WHERE "AlertTime" >= {"{0}"} AND "AlertTime" < {"{1}"} AND {Counts(k, "")}) q
                GROUP BY 1, 3, 4, 5
                """;
        });
        return Create(string.Join("\nUNION ALL\n", selects), [from, to, .. acknowledgeTargets, .. resolveTargets]);
    }

    public const string IncidentDayKey = """
        "Day", "Kind", "Severity", "Lower"
        """;

    /// <summary>An incident clock: its kind (0 containment, 1 resolution) and its column; seconds from the creation.</summary>
    public sealed record IncidentClock(int Kind, string End)
    {
        public string Seconds(string r) => $"""({r}"{End}" - {r}"CreatedAt") / {Second}""";
    }

    public static readonly IncidentClock[] IncidentClocks = [new(0, "FirstContainedAt"), new(1, "FirstResolvedAt")];

    /// <summary>
    /// Incident duration rows ("Day", "Kind", "Severity", "Lower", "Count") of the incidents created in [{0}, {1}); a
    /// clock before the creation counts for neither.
    /// </summary>
    public static FormattableString IncidentDurations(long from, long to) => Create(string.Join("\nUNION ALL\n", IncidentClocks.Select(c => $"""
        SELECT "Day", {c.Kind} AS "Kind", "Severity", {DurationBuckets.LowerSql("\"Seconds\"")} AS "Lower", COUNT(*) AS "Count"
        FROM (SELECT "CreatedAt" / {Day} AS "Day", "Severity", {c.Seconds("")} AS "Seconds" FROM "Incidents"
              WHERE "CreatedAt" >= {"{0}"} AND "CreatedAt" < {"{1}"} AND "{c.End}" >= "CreatedAt") q
        GROUP BY 1, 3, 4
        """)), from, to);

    private static FormattableString Create(string format, params object[] arguments) => FormattableStringFactory.Create(format, arguments);
}
