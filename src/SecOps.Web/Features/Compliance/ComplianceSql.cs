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
    public const long Hour = TimeSpan.TicksPerHour;
    private const long Second = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Hour rows live in the day tables under the key -1 - hour number, so day keys (at least 0) and hour keys (below 0)
    /// never meet and a range of days reads day rows only. Sharing the tables lets each trigger statement write both
    /// grains from one generator row (<see cref="Grains"/>) instead of coding a second set of upserts: SQLite codes a
    /// statement's triggers at every prepare, so their size is paid per row on EF Core's write paths.
    /// </summary>
    public static long HourKey(long hour) => -1 - hour;

    /// <summary>Two rows, "Grain" 0 (day) and 1 (hour), joined to an alert to write or rebuild both grains at once.</summary>
    public const string Grains = """(SELECT 0 AS "Grain" UNION ALL SELECT 1) g""";

    /// <summary>The day row of <see cref="Grains"/> alone.</summary>
    public const string DayGrain = """(SELECT 0 AS "Grain") g""";

    /// <summary>The day key of a time, or its hour key (<see cref="HourKey"/>) on the generator's hour row.</summary>
    public static string GrainKey(string time) => $"""CASE "Grain" WHEN 0 THEN {time} / {Day} ELSE -1 - {time} / {Hour} END""";

    /// <summary>The day number of an hour key.</summary>
    private const string DayOfHourKey = $"""(-1 - "Day") / 24""";

    /// <summary>The hour keys of whole hours [from, to) (ticks) as the bounds of a BETWEEN.</summary>
    private static (long Low, long High) HourKeys(long from, long to) => (HourKey((to / Hour) - 1), HourKey(from / Hour));

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
    public static string AlertDayKeyValues(string r, bool named = false, string? day = null)
    {
        string[] values =
        [
            day ?? $"""{r}"AlertTime" / {Day}""", $"{r}\"Severity\"", $"""CASE WHEN {r}"SuppressedBy" IS NULL THEN 0 ELSE 1 END""", $"{r}\"Source\"",
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

    /// <summary>Day rows of the alerts raised in [{0}, {1}); with <paramref name="hours"/> their hour rows too (a rebuild).</summary>
    public static FormattableString AlertDays(long from, long to, bool hours = false) => Create($"""
        SELECT {AlertDayKeyValues("", named: true, hours ? GrainKey("\"AlertTime\"") : null)}, {string.Join(", ", AlertDayCountValues("").Zip(AlertDayCounts.Split(", ")).Select(v => $"SUM({v.First}) AS {v.Second}"))}
        FROM "Alerts"{(hours ? ", " + Grains : "")} WHERE "AlertTime" >= {"{0}"} AND "AlertTime" < {"{1}"}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        """, from, to);

    /// <summary>The stored hour rows of whole hours [from, to) (ticks), summed per day in <see cref="AlertDays"/>' shape.</summary>
    public static FormattableString StoredAlertHours(long from, long to)
    {
        var (low, high) = HourKeys(from, to);
        return Create($"""
            SELECT {DayOfHourKey} AS "Day", {AlertDayKey.Split(", ", 2)[1]}, {string.Join(", ", AlertDayCounts.Split(", ").Select(c => $"SUM({c}) AS {c}"))}
            FROM "ComplianceAlertDays" WHERE "Day" BETWEEN {"{0}"} AND {"{1}"}
            GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING SUM("Alerts") <> 0
            """, low, high);
    }

    /// <summary>The stored duration hour rows of whole hours [from, to) (ticks), summed per day in <see cref="Durations"/>' shape.</summary>
    public static FormattableString StoredDurationHours(long from, long to)
    {
        var (low, high) = HourKeys(from, to);
        return Create($"""
            SELECT {DayOfHourKey} AS "Day", "Kind", "Severity", "Lower", "WithinTarget", SUM("Count") AS "Count" FROM "ComplianceDurationDays"
            WHERE "Day" BETWEEN {"{0}"} AND {"{1}"}
            GROUP BY 1, 2, 3, 4, 5 HAVING SUM("Count") <> 0
            """, low, high);
    }

    /// <summary>Per hour of whole hours [from, to) (ticks) and severity, the queued alerts' unacknowledged, unclosed and queued counts.</summary>
    public static FormattableString QueueHours(long from, long to)
    {
        var (low, high) = HourKeys(from, to);
        return Create("""
            SELECT -1 - "Day" AS "Hour", "Severity", SUM("Unacknowledged") AS "Unacknowledged", SUM("Unclosed") AS "Unclosed", SUM("Queued") AS "Queued"
            FROM "ComplianceAlertDays" WHERE "Day" BETWEEN {0} AND {1} AND "Suppressed" = 0
            GROUP BY "Day", "Severity"
            """, low, high);
    }

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
    /// the SLA targets in seconds are parameters {2}–{5} (acknowledge, low to critical) and {6}–{9} (resolve). With
    /// <paramref name="hours"/> the hour rows too (a rebuild).
    /// </summary>
    public static FormattableString Durations(long from, long to, long[] acknowledgeTargets, long[] resolveTargets, bool hours = false)
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
                FROM (SELECT {(hours ? GrainKey("\"AlertTime\"") : $"\"AlertTime\" / {Day}")} AS "Day", "Severity", {k.Seconds("")} AS "Seconds" FROM "Alerts"{(hours ? ", " + Grains : "")}
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
