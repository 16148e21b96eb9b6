using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Benchmarks;

/// <summary>An incident with a long timeline for the incident-page workload, written through the app's model (alerts bulk-loaded).</summary>
public static class IncidentTimelineSeed
{
    /// <summary>
    /// One incident with <paramref name="total"/> timeline entries over the last 10 days: a fifth linked alerts (bulk-loaded,
    /// then linked), three tenths notes in Markdown, a fifth status and phase changes, the rest responders' timeline events.
    /// </summary>
    public static async Task<(long Id, string Mix)> FillAsync(BenchmarkHost host, int total)
    {
        var now = DateTimeOffset.UtcNow;
        var created = now - TimeSpan.FromDays(10);
        var alerts = total / 5;
        var notes = total * 3 / 10;
        var changes = total / 5;
        var events = total - alerts - notes - changes;
        var contexts = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>();
        long id;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var incident = new Incident
            {
                Title = "Ransomware staging on the finance file servers", Description = "Benchmark incident with a long timeline.",
                Severity = Severity.High, Status = IncidentStatus.InProgress, Phase = IncidentPhase.Containment,
                CreatedById = "bench", CreatedAt = created, UpdatedAt = now, AwareAt = created, Version = 1,
            };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            id = incident.Id;
        }
        if (alerts > 0)
        {
            AlertBulkLoad.Fill(host.DatabaseFile, alerts, now);
            using var connection = new SqliteConnection($"Data Source={host.DatabaseFile};Pooling=False;Default Timeout=60");
            connection.Open();
            using var link = connection.CreateCommand();
            link.CommandText = """UPDATE "Alerts" SET "IncidentId" = $id WHERE "IncidentId" IS NULL""";
            link.Parameters.AddWithValue("$id", id);
            link.ExecuteNonQuery();
        }
        var random = new Random(17);
        var step = (now - created).Ticks / Math.Max(1, notes + changes + events);
        var statuses = new[] { IncidentStatus.Open, IncidentStatus.InProgress, IncidentStatus.Resolved };
        var phases = Enum.GetValues<IncidentPhase>();
        var written = 0;
        while (written < notes + changes + events)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < 5_000 && written < notes + changes + events; i++, written++)
            {
                var at = created + TimeSpan.FromTicks(written * step);
                // Interleaved in time with exact counts: a multiplier coprime to the count permutes the indexes.
                var rank = written * 7919L % (notes + changes + events);
                var kind = rank < notes ? IncidentEventKind.Note
                    : rank < notes + changes ? (random.Next(2) == 0 ? IncidentEventKind.StatusChanged : IncidentEventKind.PhaseChanged)
                    : IncidentEventKind.TimelineEvent;
                var server = $"fin-fs-{random.Next(1, 40):D2}";
                var text = kind switch
                {
                    IncidentEventKind.Note => $"Checked **{server}**: `vssadmin delete shadows` ran as `svc-backup` at {at:HH:mm}. See [runbook step {random.Next(1, 12)}](https://wiki.example.test/runbooks/ransomware#{random.Next(1, 12)}).",
                    IncidentEventKind.StatusChanged => $"Status: {IncidentVocabulary.Label(statuses[random.Next(3)])} → {IncidentVocabulary.Label(statuses[random.Next(3)])}",
                    IncidentEventKind.PhaseChanged => $"Phase: {IncidentVocabulary.Label(phases[random.Next(phases.Length)])} → {IncidentVocabulary.Label(phases[random.Next(phases.Length)])}",
                    _ => $"Lateral movement from {server} to fin-fs-{random.Next(1, 40):D2} over SMB",
                };
                db.IncidentEvents.Add(new IncidentEvent
                {
                    IncidentId = id, At = at, Kind = kind, ActorId = "bench", ActorName = $"Responder {random.Next(1, 6)}", Text = text,
                    OccurredAt = kind == IncidentEventKind.TimelineEvent ? at - TimeSpan.FromMinutes(random.Next(1, 120)) : null,
                });
            }
            await db.SaveChangesAsync();
        }
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var counts = await db.IncidentEvents.Where(e => e.IncidentId == id).GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            var linked = await db.Alerts.CountAsync(a => a.IncidentId == id);
            return (id, $"{linked:N0} linked alerts, " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Count:N0} {c.Key}")));
        }
    }
}
