using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "compliance-overview" (issue #11): the compliance overview's whole snapshot (this period and the previous
/// one: every time metric, SLA, backlog, volumes, rules, workload, trend and heat map) computed from the store, uncached
/// (<see cref="ComplianceQueries.LoadAsync"/>, as a new range's first viewer waits for it), over bulk-loaded alerts and
/// incidents, for the last 7, 30 and 90 days. Target: at most 300 ms.
/// </summary>
public static class ComplianceOverviewBenchmark
{
    public const double Target = 300;
    private const int IncidentBatch = 10_000;

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== compliance-overview: the overview's snapshot over {settings.StoreAlerts:N0} alerts and {settings.StoreIncidents:N0} incidents ({settings.WarmupRuns} warm-up + {settings.Runs} runs each)");
        using var host = new BenchmarkHost();
        var now = DateTimeOffset.UtcNow;
        var insert = AlertBulkLoad.Fill(host.DatabaseFile, settings.StoreAlerts, now);
        Console.WriteLine($"   bulk load: {settings.StoreAlerts:N0} alerts in {insert.TotalSeconds:F1} s");
        var stopwatch = Stopwatch.StartNew();
        await FillIncidentsAsync(host, settings.StoreIncidents, now);
        Console.WriteLine($"   incidents: {settings.StoreIncidents:N0} with two history entries each in {stopwatch.Elapsed.TotalSeconds:F1} s");
        var queries = host.Services.GetRequiredService<ComplianceQueries>();
        foreach (var days in new[] { 7, 30, 90 })
        {
            var range = new ComplianceRange(days, null, null);
            var snapshot = await queries.LoadAsync(Actor.System, range, CancellationToken.None);
            var times = await BoardTotalsBenchmark.TimeAsync(settings, () => queries.LoadAsync(Actor.System, range, CancellationToken.None));
            Console.WriteLine($"   last {days,2} days: {snapshot.Current.Alerts:N0} alerts, {snapshot.Current.Resolve.All.Count:N0} incidents resolved in the period");
            Console.WriteLine($"     snapshot {times.Tail()}  target p95 <= {Target} ms: {(times.At(95) <= Target ? "met" : "MISSED")}");
        }
    }

    /// <summary>
    /// Incidents spread over the last 30 days like the alerts, each entering containment and resolved later (the history
    /// entries the metric engine reads), in batches through the app's own model.
    /// </summary>
    private static async Task FillIncidentsAsync(BenchmarkHost host, int count, DateTimeOffset now)
    {
        var random = new Random(13);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>();
        var step = TimeSpan.FromDays(30).Ticks / Math.Max(1, count);
        var contained = "Phase: " + IncidentVocabulary.Label(IncidentPhase.DetectionAndAnalysis) + " → " + IncidentVocabulary.Label(IncidentPhase.Containment);
        var resolved = "Status: " + IncidentVocabulary.Label(IncidentStatus.InProgress) + " → " + IncidentVocabulary.Label(IncidentStatus.Resolved);
        for (var first = 0; first < count; first += IncidentBatch)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var incidents = new List<Incident>();
            for (var n = first; n < Math.Min(count, first + IncidentBatch); n++)
            {
                var created = now - TimeSpan.FromDays(30) + TimeSpan.FromTicks(n * step);
                incidents.Add(new Incident
                {
                    Title = $"Benchmark incident {n}", Severity = (Severity)random.Next(1, 5), Status = IncidentStatus.Resolved,
                    Phase = IncidentPhase.PostIncident, CreatedById = "bench", CreatedAt = created, UpdatedAt = created, Version = 1,
                });
            }
            db.Incidents.AddRange(incidents);
            await db.SaveChangesAsync();
            foreach (var incident in incidents)
            {
                var containedAt = incident.CreatedAt + TimeSpan.FromMinutes(random.Next(5, 600));
                db.IncidentEvents.AddRange(
                    new IncidentEvent { IncidentId = incident.Id, At = containedAt, Kind = IncidentEventKind.PhaseChanged, ActorId = "bench", ActorName = "bench", Text = contained },
                    new IncidentEvent { IncidentId = incident.Id, At = containedAt + TimeSpan.FromMinutes(random.Next(30, 2_880)), Kind = IncidentEventKind.StatusChanged, ActorId = "bench", ActorName = "bench", Text = resolved });
            }
            await db.SaveChangesAsync();
        }
    }
}
