using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The per-day and per-hour compliance aggregates on SQLite (<see cref="ComplianceAlertDay"/>, <see cref="ComplianceDurationDay"/>,
/// <see cref="ComplianceIncidentDay"/>): kept by triggers on <c>Alerts</c> and <c>Incidents</c>, as the board's status totals are, so every write path (ingest, triage,
/// suppression, erasure, retention, bulk loads) moves them in the same transaction as the alert. Each trigger takes the
/// old row's contribution out and puts the new row's in, with the very expressions <see cref="ComplianceSql"/> groups
/// by (the duration buckets in SQLite's compact form, <see cref="DurationBuckets.LowerSqlite"/>, which a test holds equal). PostgreSQL has none, for the reason <see cref="AlertStatusTotalTriggers"/> gives (a counter row updated per alert
/// piles up row versions), and groups the alerts themselves with the same SQL, so both stores give the same figures.
/// At start <see cref="SyncAsync"/> writes the SLA targets the duration rows are split by and, when they changed (or
/// were never written, as after the migration), rebuilds the aggregates from the alerts in one transaction.
/// The migration that created the triggers is history: a change here needs a new migration that re-creates them.
/// </summary>
public static class ComplianceAggregates
{
    private const string Watched = """
        "AlertTime", "EventTime", "Severity", "SuppressedBy", "Source", "RuleId", "RuleName", "MitreTactic", "Status", "CloseReason", "AcknowledgedAt", "ClosedAt"
        """;

    /// <param name="hours">False writes day rows only: the triggers as they were before the hour rows (a migration's Down).</param>
    public static string SqliteUp(bool hours = true) => $"""
        CREATE TRIGGER "TR_Alerts_Compliance_Insert" AFTER INSERT ON "Alerts"
        BEGIN
        {Add("NEW.", 1, hours)}
        END;
        CREATE TRIGGER "TR_Alerts_Compliance_Delete" AFTER DELETE ON "Alerts"
        BEGIN
        {Add("OLD.", -1, hours)}
        END;
        CREATE TRIGGER "TR_Alerts_Compliance_Update" AFTER UPDATE OF {Watched} ON "Alerts"
        BEGIN
        {Add("OLD.", -1, hours)}
        {Add("NEW.", 1, hours)}
        END;
        CREATE TRIGGER "TR_Incidents_Compliance_Insert" AFTER INSERT ON "Incidents"
        BEGIN
        {AddIncident("NEW.", 1)}
        END;
        CREATE TRIGGER "TR_Incidents_Compliance_Delete" AFTER DELETE ON "Incidents"
        BEGIN
        {AddIncident("OLD.", -1)}
        END;
        CREATE TRIGGER "TR_Incidents_Compliance_Update" AFTER UPDATE OF "CreatedAt", "Severity", "FirstContainedAt", "FirstResolvedAt" ON "Incidents"
        BEGIN
        {AddIncident("OLD.", -1)}
        {AddIncident("NEW.", 1)}
        END;
        """;

    /// <summary>Statements that add or take out one incident's time to containment and to resolution.</summary>
    private static string AddIncident(string r, int sign) => string.Join("\n", ComplianceSql.IncidentClocks.Select(c => $"""
        INSERT INTO "ComplianceIncidentDays" ({ComplianceSql.IncidentDayKey}, "Count")
        SELECT {r}"CreatedAt" / {ComplianceSql.Day}, {c.Kind}, {r}"Severity", {DurationBuckets.LowerSqlite("\"Seconds\"")}, {sign}
        FROM (SELECT {c.Seconds(r)} AS "Seconds" WHERE {r}"{c.End}" >= {r}"CreatedAt") WHERE 1 = 1
        ON CONFLICT ({ComplianceSql.IncidentDayKey}) DO UPDATE SET "Count" = "Count" + excluded."Count";
        """));

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "TR_Alerts_Compliance_Insert";
        DROP TRIGGER IF EXISTS "TR_Alerts_Compliance_Delete";
        DROP TRIGGER IF EXISTS "TR_Alerts_Compliance_Update";
        DROP TRIGGER IF EXISTS "TR_Incidents_Compliance_Insert";
        DROP TRIGGER IF EXISTS "TR_Incidents_Compliance_Delete";
        DROP TRIGGER IF EXISTS "TR_Incidents_Compliance_Update";
        """;

    /// <summary>
    /// Statements that add (<paramref name="sign"/> 1) or take out (-1) one alert row's contribution. Each duration is
    /// computed once, in a subquery without FROM (SQLite does not flatten those), and bucketed as a column: SQLite codes a
    /// statement's triggers at every prepare, so their size is paid per row on EF Core's write paths.
    /// </summary>
    private static string Add(string r, int sign, bool hours)
    {
        var counts = ComplianceSql.AlertDayCountValues(r).Select(v => v == "1" ? sign.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{sign} * ({v})");
        var update = string.Join(", ", ComplianceSql.AlertDayCounts.Split(", ").Select(c => $"{c} = {c} + excluded.{c}"));
        // Each statement writes the day row and the hour row (ComplianceSql.HourKey) from the generator's two rows.
        var alertTime = ComplianceSql.GrainKey($"{r}\"AlertTime\"");
        var grains = hours ? ComplianceSql.Grains : ComplianceSql.DayGrain;
        var statements = new List<string>
        {
            $"""
            INSERT INTO "ComplianceAlertDays" ({ComplianceSql.AlertDayKey}, {ComplianceSql.AlertDayCounts})
            SELECT {ComplianceSql.AlertDayKeyValues(r, day: alertTime)}, {string.Join(", ", counts)} FROM {grains} WHERE 1 = 1
            ON CONFLICT ({ComplianceSql.AlertDayKey}) DO UPDATE SET {update};
            """,
        };
        foreach (var kind in ComplianceSql.Kinds)
        {
            var target = kind.Kind switch
            {
                0 => null,
                1 => "AcknowledgeSeconds",
                _ => "ResolveSeconds",
            };
            var within = target is null
                ? "0"
                : $"""CASE WHEN "Seconds" <= COALESCE((SELECT "{target}" FROM "ComplianceSlaTargets" WHERE "Severity" = {r}"Severity"), -1) THEN 1 ELSE 0 END""";
            statements.Add($"""
                INSERT INTO "ComplianceDurationDays" ({ComplianceSql.DurationKey}, "Count")
                SELECT {alertTime}, {kind.Kind}, {r}"Severity", {DurationBuckets.LowerSqlite("\"Seconds\"")}, {within}, {sign}
                FROM (SELECT {kind.Seconds(r)} AS "Seconds" WHERE {ComplianceSql.Counts(kind, r)}), {grains} WHERE 1 = 1
                ON CONFLICT ({ComplianceSql.DurationKey}) DO UPDATE SET "Count" = "Count" + excluded."Count";
                """);
        }
        return string.Join("\n", statements);
    }

    /// <summary>SLA targets in whole seconds per severity (index 0 low … 3 critical), as <see cref="ComplianceMetrics"/> compares them.</summary>
    public static (long[] Acknowledge, long[] Resolve) Targets(SlaOptions sla) =>
        ([.. Enum.GetValues<Severity>().Order().Select(s => (long)sla.AcknowledgeWithin[s].TotalSeconds)],
         [.. Enum.GetValues<Severity>().Order().Select(s => (long)sla.ResolveWithin[s].TotalSeconds)]);

    /// <summary>
    /// Writes the SLA targets and rebuilds the aggregates when the stored targets differ (none stored: after the
    /// migration). Returns whether it rebuilt. Run at start, before anything writes alerts.
    /// </summary>
    public static async Task<bool> SyncAsync(SecOpsDbContext db, SlaOptions sla, CancellationToken cancellationToken)
    {
        if (!db.HasComplianceAggregates)
        {
            return false;
        }
        var (acknowledge, resolve) = Targets(sla);
        var severities = Enum.GetValues<Severity>().Order().ToArray();
        var stored = await db.ComplianceSlaTargets.AsNoTracking().ToDictionaryAsync(t => t.Severity, cancellationToken);
        var current = severities.Select((s, i) => new ComplianceSlaTarget { Severity = s, AcknowledgeSeconds = acknowledge[i], ResolveSeconds = resolve[i] }).ToList();
        if (current.All(t => stored.TryGetValue(t.Severity, out var s) && s.AcknowledgeSeconds == t.AcknowledgeSeconds && s.ResolveSeconds == t.ResolveSeconds))
        {
            return false;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ComplianceSlaTargets.ExecuteDeleteAsync(cancellationToken);
        db.ComplianceSlaTargets.AddRange(current);
        await db.SaveChangesAsync(cancellationToken);
        await RebuildAsync(db, acknowledge, resolve, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Recomputes every aggregate row, days and hours, from the alerts (inside the caller's transaction).</summary>
    public static async Task RebuildAsync(SecOpsDbContext db, long[] acknowledge, long[] resolve, CancellationToken cancellationToken)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "ComplianceAlertDays"; DELETE FROM "ComplianceDurationDays"; DELETE FROM "ComplianceIncidentDays";""", cancellationToken);
        var days = ComplianceSql.AlertDays(long.MinValue, long.MaxValue, hours: true);
        await db.Database.ExecuteSqlAsync(Prefix($"""INSERT INTO "ComplianceAlertDays" ({ComplianceSql.AlertDayKey}, {ComplianceSql.AlertDayCounts}) """, days), cancellationToken);
        var durations = ComplianceSql.Durations(long.MinValue, long.MaxValue, acknowledge, resolve, hours: true);
        await db.Database.ExecuteSqlAsync(Prefix($"""INSERT INTO "ComplianceDurationDays" ({ComplianceSql.DurationKey}, "Count") SELECT * FROM ({"\n"}""", durations, ") u"), cancellationToken);
        var incidents = ComplianceSql.IncidentDurations(long.MinValue, long.MaxValue);
        await db.Database.ExecuteSqlAsync(Prefix($"""INSERT INTO "ComplianceIncidentDays" ({ComplianceSql.IncidentDayKey}, "Count") SELECT * FROM ({"\n"}""", incidents, ") u"), cancellationToken);
    }

    private static FormattableString Prefix(string prefix, FormattableString sql, string suffix = "") =>
        System.Runtime.CompilerServices.FormattableStringFactory.Create(prefix + sql.Format + suffix, sql.GetArguments());
}
