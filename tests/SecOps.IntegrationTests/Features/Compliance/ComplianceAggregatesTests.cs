using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Compliance;

/// <summary>
/// The compliance day aggregates (SQLite's triggers) must give exactly what grouping the alerts gives: after every kind
/// of write, for periods that cut days at both ends, and the SQL bucket ladder must cut as the C# one does.
/// </summary>
public sealed class ComplianceAggregatesTests : IDisposable
{
    private static readonly Actor Analyst = new("agg-analyst", "Aggregates Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Alerts over the last twelve days at odd times, with durations from seconds to days, some suppressed, some without rule id or tactic.</summary>
    /// <param name="alertTime">Draws an alert's time instead (the incidents keep theirs).</param>
    private async Task SeedAsync(DateTimeOffset now, Func<Random, DateTimeOffset>? alertTime = null)
    {
        var random = new Random(5);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        for (var n = 0; n < 400; n++)
        {
            var at = alertTime?.Invoke(random) ?? now - TimeSpan.FromMinutes(random.Next(1, 12 * 24 * 60)) - TimeSpan.FromMilliseconds(random.Next(1_000));
            var status = (AlertStatus)random.Next(4);
            var acknowledged = status == AlertStatus.Open && random.Next(3) > 0 ? (DateTimeOffset?)null : at + TimeSpan.FromSeconds(random.Next(0, 8 * 3600));
            db.Alerts.Add(new Alert
            {
                DocumentId = "agg-" + n, Severity = (Severity)random.Next(1, 5), AlertTime = at, EventTime = at - TimeSpan.FromSeconds(random.Next(-5, 400)),
                IngestedAt = at, UpdatedAt = at, Fingerprint = "agg-" + n, Source = random.Next(2) == 0 ? "waf" : "edr",
                RuleName = "Rule " + random.Next(3), RuleId = random.Next(4) == 0 ? null : "rule-" + random.Next(3), MitreTactic = random.Next(3) == 0 ? null : "Execution",
                Status = status, AcknowledgedAt = acknowledged,
                ClosedAt = status == AlertStatus.Closed ? acknowledged + TimeSpan.FromSeconds(random.Next(0, 3 * 86_400)) : null,
                CloseReason = status == AlertStatus.Closed ? (random.Next(2) == 0 ? CloseReason.FalsePositive : CloseReason.TruePositive) : null,
                SuppressedBy = random.Next(10) == 0 ? 1 : null,
                AssigneeId = status == AlertStatus.InProgress ? "ana" : null, AssigneeName = status == AlertStatus.InProgress ? "ana" : null,
            });
        }
        await db.SaveChangesAsync();
        var incidents = Enumerable.Range(0, 60).Select(n =>
        {
            var created = now - TimeSpan.FromMinutes(random.Next(1, 12 * 24 * 60));
            return new Incident { Title = "Agg " + n, Severity = (Severity)random.Next(1, 5), CreatedById = "ana", CreatedAt = created, UpdatedAt = created };
        }).ToList();
        db.Incidents.AddRange(incidents);
        await db.SaveChangesAsync();
        foreach (var incident in incidents)
        {
            IncidentEvent E(int minutes, IncidentEventKind kind, string text) => new() { IncidentId = incident.Id, At = incident.CreatedAt.AddMinutes(minutes), Kind = kind, ActorId = "ana", ActorName = "ana", Text = text };
            if (random.Next(4) > 0)
            {
                db.IncidentEvents.Add(E(random.Next(-10, 600), IncidentEventKind.PhaseChanged, "Phase: Detection and analysis → Containment"));
            }
            if (random.Next(3) > 0)
            {
                db.IncidentEvents.Add(E(random.Next(60, 6_000), IncidentEventKind.StatusChanged, "Status: In progress → Resolved"));
            }
        }
        await db.SaveChangesAsync();
    }

    private async Task<long> IdOfAsync(string documentId)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.Where(a => a.DocumentId == documentId).Select(a => a.Id).SingleAsync();
    }

    private static string Describe(ComplianceFacts facts)
    {
        static string Lines<T>(IEnumerable<T> items) => string.Join("\n", items.Select(i => i!.ToString()).Order(StringComparer.Ordinal));
        // Whole days of alert durations come summed over their days: compare the sums per severity, bucket and SLA side.
        static IEnumerable<string> Summed(IEnumerable<DurationCount> durations) =>
            durations.GroupBy(d => (d.Severity, d.Seconds, d.WithinTarget)).Select(g => $"{g.Key} {g.Sum(d => d.Count)}");
        return string.Join("\n--\n", Lines(facts.Contain ?? []), Lines(facts.Resolve ?? []), Lines(Summed(facts.Detect)), Lines(Summed(facts.Acknowledge)), Lines(Summed(facts.Close)), Lines(facts.Unfinished), Lines(facts.Backlog),
            Lines(facts.BySource), Lines(facts.ByTactic), Lines(facts.Rules), Lines(facts.Days), Lines(facts.TacticDays), Lines(facts.Analysts));
    }

    [Fact]
    public async Task Facts_FromTheDayAggregates_EqualFactsFromTheAlerts_AfterIngestTriageSuppressionDeletionAndEdits()
    {
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(now);
        await Documents.PostAsync(_app.Client(), Documents.Alert("agg-api-1"), Documents.Alert("agg-api-2", severity: "critical"), Documents.Alert("agg-api-3", severity: "low"));
        var triage = _app.Get<AlertTriage>();
        Assert.True((await triage.AcknowledgeAsync(Analyst, await IdOfAsync("agg-api-1"), CancellationToken.None)).Succeeded);
        await triage.BulkAsync(Analyst, BulkTarget.Selection([await IdOfAsync("agg-api-2"), await IdOfAsync("agg-3")]), TriageAction.Close,
            CloseReason.FalsePositive, "test traffic", CancellationToken.None);
        await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            // Writes around the services: deletion (retention, erasure), suppression lifted, a rule renamed, a time corrected.
            await db.Alerts.Where(a => a.DocumentId == "agg-10" || a.DocumentId == "agg-11").ExecuteDeleteAsync();
            await db.Alerts.Where(a => a.SuppressedBy != null).ExecuteUpdateAsync(s => s.SetProperty(a => a.SuppressedBy, (int?)null));
            await db.Alerts.Where(a => a.DocumentId == "agg-12").ExecuteUpdateAsync(s => s.SetProperty(a => a.RuleName, "Renamed").SetProperty(a => a.MitreTactic, (string?)null));
            await db.Alerts.Where(a => a.DocumentId == "agg-13").ExecuteUpdateAsync(s => s.SetProperty(a => a.AlertTime, now - TimeSpan.FromDays(30)));
        }
        var queries = _app.Get<ComplianceQueries>();
        var metrics = _app.Get<ComplianceMetrics>();
        MetricPeriod[] periods =
        [
            MetricPeriod.LastDays(now, 7), MetricPeriod.LastDays(now, 7).Previous, MetricPeriod.LastDays(now, 90),
            new(now - TimeSpan.FromHours(80.5), now - TimeSpan.FromHours(7.25)), new(now - TimeSpan.FromHours(5), now),
        ];

        foreach (var period in periods)
        {
            var fromAggregates = await queries.FactsAsync(period, now, useAggregates: true, CancellationToken.None);
            var fromAlerts = await queries.FactsAsync(period, now, useAggregates: false, CancellationToken.None);

            Assert.Equal(Describe(fromAlerts), Describe(fromAggregates));
            var (exact, summed) = (metrics.Compute(period, fromAlerts, now), metrics.Compute(period, fromAggregates, now));
            Assert.Equal(exact.AcknowledgeSla.BySeverity.OrderBy(p => p.Key), summed.AcknowledgeSla.BySeverity.OrderBy(p => p.Key));
            Assert.Equal(exact.Trend, summed.Trend);
            Assert.Equal(exact.Acknowledge.BySeverity.OrderBy(p => p.Key), summed.Acknowledge.BySeverity.OrderBy(p => p.Key));
            Assert.Equal(exact.ResolveSla.BySeverity.OrderBy(p => p.Key), summed.ResolveSla.BySeverity.OrderBy(p => p.Key));
        }
        var week = await queries.FactsAsync(periods[0], now, CancellationToken.None);
        Assert.True(week.Acknowledge.Sum(d => d.Count) > 50);
        Assert.True(week.Backlog.Sum(b => b.Count) > 100);
        Assert.True(week.Resolve!.Sum(d => d.Count) > 10);
        await using var store = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(TestStore.Provider == StoreProvider.Sqlite, store.HasComplianceAggregates);
    }

    [Fact]
    public async Task Facts_FromTheHourRows_EqualFactsFromTheAlerts_ForAlertsAndPeriodsOnHourBoundaries()
    {
        // "now" on an hour boundary puts the hourly SLA deadlines and age bands on boundaries too; a tick later they cut hours.
        var hour = (DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerHour) - 1;
        var onTheHour = new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero);
        long[] offsets = [-1, 0, 1];
        await SeedAsync(onTheHour, random => onTheHour - TimeSpan.FromHours(random.Next(0, 60)) + TimeSpan.FromTicks(offsets[random.Next(3)]));
        var queries = _app.Get<ComplianceQueries>();
        var metrics = _app.Get<ComplianceMetrics>();
        var h = TimeSpan.FromHours(1);

        foreach (var now in new[] { onTheHour, onTheHour + TimeSpan.FromTicks(1), onTheHour + TimeSpan.FromMinutes(30) })
        {
            MetricPeriod[] periods =
            [
                new(onTheHour - (20 * h), onTheHour), new(onTheHour - h, onTheHour), new(onTheHour - (50 * h), onTheHour - (3 * h)),
                new(onTheHour - (50 * h) + TimeSpan.FromTicks(1), onTheHour - (3 * h) - TimeSpan.FromTicks(1)), new(onTheHour - (2 * h), now),
                MetricPeriod.LastDays(now, 2), MetricPeriod.LastDays(now, 2).Previous,
            ];
            foreach (var period in periods)
            {
                var fromRows = await queries.FactsAsync(period, now, useAggregates: true, CancellationToken.None);
                var fromAlerts = await queries.FactsAsync(period, now, useAggregates: false, CancellationToken.None);

                Assert.Equal(Describe(fromAlerts), Describe(fromRows));
                var (exact, summed) = (metrics.Compute(period, fromAlerts, now), metrics.Compute(period, fromRows, now));
                Assert.Equal(exact.Trend, summed.Trend);
                Assert.Equal(exact.AcknowledgeSla.BySeverity.OrderBy(p => p.Key), summed.AcknowledgeSla.BySeverity.OrderBy(p => p.Key));
            }
        }
        var lastDay = await queries.FactsAsync(new(onTheHour - (24 * h), onTheHour), onTheHour, CancellationToken.None);
        Assert.True(lastDay.Rules.Sum(r => r.Alerts) > 100);
        Assert.True(lastDay.Backlog.Sum(b => b.Count) > 100);
    }

    [Fact]
    [Trait("Store", TestStore.SqliteOnly)]
    public async Task HourRows_CountTheAlertsOfTheirHour_TicksEitherSideOfTheBoundaryApart()
    {
        var hour = DateTimeOffset.UtcNow.UtcTicks / TimeSpan.TicksPerHour;
        long[] offsets = [-1, 0, 1, TimeSpan.TicksPerHour - 1];
        await SeedAsync(DateTimeOffset.UtcNow, random => new DateTimeOffset(((hour - random.Next(1, 30)) * TimeSpan.TicksPerHour) + offsets[random.Next(4)], TimeSpan.Zero));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alerts = await db.Alerts.AsNoTracking().Select(a => new { a.AlertTime, a.Severity, a.SuppressedBy, a.AcknowledgedAt }).ToListAsync();

        var expected = alerts.GroupBy(a => (Key: ComplianceSql.HourKey(a.AlertTime.UtcTicks / TimeSpan.TicksPerHour), a.Severity))
            .Select(g => $"{g.Key.Key} {g.Key.Severity} {g.Count()}").Order(StringComparer.Ordinal);
        var hourRows = (await db.ComplianceAlertDays.AsNoTracking().Where(d => d.Day < 0 && d.Alerts != 0).ToListAsync())
            .GroupBy(d => (Key: d.Day, d.Severity)).Select(g => $"{g.Key.Key} {g.Key.Severity} {g.Sum(d => d.Alerts)}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, hourRows);
        var acknowledgedByHour = alerts.Where(a => a.SuppressedBy == null && a.AcknowledgedAt != null)
            .GroupBy(a => ComplianceSql.HourKey(a.AlertTime.UtcTicks / TimeSpan.TicksPerHour)).Select(g => $"{g.Key} {g.Count()}").Order(StringComparer.Ordinal);
        var acknowledgeHourRows = (await db.ComplianceDurationDays.AsNoTracking().Where(d => d.Day < 0 && d.Kind == 1 && d.Count != 0).ToListAsync())
            .GroupBy(d => d.Day).Select(g => $"{g.Key} {g.Sum(d => d.Count)}").Order(StringComparer.Ordinal);
        Assert.Equal(acknowledgedByHour, acknowledgeHourRows);
        // Every alert is in one day row and one hour row.
        Assert.Equal(alerts.Count, await db.ComplianceAlertDays.Where(d => d.Day >= 0).SumAsync(d => d.Alerts));
        Assert.Equal(alerts.Count, await db.ComplianceAlertDays.Where(d => d.Day < 0).SumAsync(d => d.Alerts));
    }

    [Fact]
    [Trait("Store", TestStore.SqliteOnly)]
    public async Task Triggers_KeepTheSameRowsARebuildGives_AndAChangedSlaTargetRebuilds()
    {
        var now = DateTimeOffset.UtcNow;
        await SeedAsync(now);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        await db.Alerts.Where(a => a.DocumentId == "agg-20").ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AlertStatus.Closed).SetProperty(a => a.ClosedAt, now));
        await db.Incidents.Where(i => i.Title == "Agg 1").ExecuteUpdateAsync(s => s.SetProperty(i => i.Severity, Severity.Critical));
        async Task<(string Days, string Durations, string Incidents)> RowsAsync() => (
            string.Join("\n", (await db.ComplianceAlertDays.AsNoTracking().Where(d => d.Alerts != 0).ToListAsync())
                .Select(d => $"{d.Day} {d.Severity} {d.Suppressed} {d.Source} {d.RuleId} {d.RuleName} {d.Tactic} {d.Alerts} {d.Closed} {d.FalsePositives} {d.Unacknowledged} {d.Unclosed} {d.Queued}").Order(StringComparer.Ordinal)),
            string.Join("\n", (await db.ComplianceDurationDays.AsNoTracking().Where(d => d.Count != 0).ToListAsync())
                .Select(d => $"{d.Day} {d.Kind} {d.Severity} {d.Lower} {d.WithinTarget} {d.Count}").Order(StringComparer.Ordinal)),
            string.Join("\n", (await db.ComplianceIncidentDays.AsNoTracking().Where(d => d.Count != 0).ToListAsync())
                .Select(d => $"{d.Day} {d.Kind} {d.Severity} {d.Lower} {d.Count}").Order(StringComparer.Ordinal)));
        var kept = await RowsAsync();
        var sla = new SlaOptions();
        var (acknowledge, resolve) = ComplianceAggregates.Targets(sla);

        await ComplianceAggregates.RebuildAsync(db, acknowledge, resolve, CancellationToken.None);

        Assert.Equal(kept, await RowsAsync());
        Assert.NotEmpty(kept.Durations);
        Assert.NotEmpty(kept.Incidents);
        Assert.False(await ComplianceAggregates.SyncAsync(db, sla, CancellationToken.None));
        var stricter = new SlaOptions { AcknowledgeWithin = sla.AcknowledgeWithin.ToDictionary(p => p.Key, _ => TimeSpan.Zero) };
        Assert.True(await ComplianceAggregates.SyncAsync(db, stricter, CancellationToken.None));
        // With a zero acknowledge target only acknowledgements within the same second are on time.
        Assert.Equal(
            (await db.Alerts.AsNoTracking().Where(a => a.SuppressedBy == null && a.AcknowledgedAt != null).ToListAsync())
                .LongCount(a => a.AcknowledgedAt!.Value.UtcTicks - a.AlertTime.UtcTicks < TimeSpan.TicksPerSecond),
            await db.ComplianceDurationDays.Where(d => d.Day >= 0 && d.Kind == 1 && d.WithinTarget).SumAsync(d => d.Count));
    }

    [Fact]
    public async Task IncidentClocks_FollowTheFirstContainmentAndResolutionOfTheHistory_AsEntriesComeAndGo()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-10);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var incident = new Incident { Title = "Clocks", Severity = Severity.High, CreatedById = "ana", CreatedAt = t, UpdatedAt = t };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        IncidentEvent E(int minutes, IncidentEventKind kind, string text) => new() { IncidentId = incident.Id, At = t.AddMinutes(minutes), Kind = kind, ActorId = "ana", ActorName = "ana", Text = text };
        async Task<(DateTimeOffset? Contained, DateTimeOffset? Resolved)> ClocksAsync() =>
            await db.Incidents.AsNoTracking().Where(i => i.Id == incident.Id).Select(i => new ValueTuple<DateTimeOffset?, DateTimeOffset?>(i.FirstContainedAt, i.FirstResolvedAt)).SingleAsync();

        db.IncidentEvents.AddRange(E(30, IncidentEventKind.PhaseChanged, "Phase: Detection and analysis → Containment"), E(5, IncidentEventKind.Note, "→ Containment is only a word here"));
        await db.SaveChangesAsync();
        Assert.Equal((t.AddMinutes(30), (DateTimeOffset?)null), await ClocksAsync());

        var earlier = E(20, IncidentEventKind.PhaseChanged, "Phase: Detection and analysis → Containment");
        db.IncidentEvents.AddRange(earlier, E(90, IncidentEventKind.StatusChanged, "Status: In progress → Resolved"), E(60, IncidentEventKind.StatusChanged, "Status: In progress → Closed"));
        await db.SaveChangesAsync();
        Assert.Equal((t.AddMinutes(20), t.AddMinutes(60)), await ClocksAsync());

        db.IncidentEvents.Remove(earlier);
        await db.SaveChangesAsync();
        await db.IncidentEvents.Where(e => e.IncidentId == incident.Id && e.At == t.AddMinutes(60)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Text, "Status: Closed → In progress"));
        Assert.Equal((t.AddMinutes(30), t.AddMinutes(90)), await ClocksAsync());

        var (contain, resolve) = await ComplianceQueries.IncidentDurationsAsync(db, new MetricPeriod(t.AddHours(-1), t.AddHours(1)), CancellationToken.None);
        var day = t.UtcTicks / TimeSpan.TicksPerDay;
        Assert.Equal([new DurationCount(Severity.High, day, 1_808, 1)], contain);
        Assert.Equal([new DurationCount(Severity.High, day, DurationBuckets.ReadBack(5_400), 1)], resolve);
    }

    [Fact]
    public async Task LowerSql_AndSqlitesCompactForm_CutDurationsAsTheCSharpBucketsDo()
    {
        var random = new Random(3);
        long[] seconds = [0, 1, 63, 64, 65, 127, 128, 129, 1_000, 4_095, 4_096, 86_399, 86_400, 1L << 40, (1L << 41) + 5, .. Enumerable.Range(6, 36).SelectMany(k => new[] { (1L << k) - 1, 1L << k, (1L << k) + 1 }), .. Enumerable.Range(0, 60).Select(_ => random.NextInt64(0, 400L * 86_400))];
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

        foreach (var s in seconds)
        {
            var sql = System.Runtime.CompilerServices.FormattableStringFactory.Create($"SELECT {DurationBuckets.LowerSql("CAST({0} AS BIGINT)")} AS \"Value\"", s);
            Assert.Equal(DurationBuckets.Lower(s), await db.Database.SqlQuery<long>(sql).SingleAsync());
            if (db.Database.IsSqlite())
            {
                var compact = System.Runtime.CompilerServices.FormattableStringFactory.Create($"SELECT {DurationBuckets.LowerSqlite("\"Seconds\"")} AS \"Value\" FROM (SELECT CAST({{0}} AS BIGINT) AS \"Seconds\")", s);
                Assert.Equal(DurationBuckets.Lower(s), await db.Database.SqlQuery<long>(compact).SingleAsync());
            }
        }
    }
}
