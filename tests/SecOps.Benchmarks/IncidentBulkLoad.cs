using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Benchmarks;

/// <summary>
/// Fills a migrated store with many incidents through the app's own model (EF Core, batches of 10,000), spread over the
/// last 30 days: each resolved, with the two history entries the metric engine reads (entering containment, resolved).
/// Optionally every <see cref="Restriction.Every"/>th incident is restricted (need-to-know) with a named member, and a
/// given person is named on some of them, so list queries for people who are not administrators have rows to leave out.
/// </summary>
public static class IncidentBulkLoad
{
    private const int Batch = 10_000;

    /// <summary>Which incidents are restricted and who is named on them; <see cref="None"/> restricts nothing.</summary>
    /// <param name="Every">Every Nth incident is restricted (0: none).</param>
    /// <param name="Member">A person named on every <paramref name="MemberEvery"/>th restricted incident.</param>
    public sealed record Restriction(int Every, string? Member = null, string? MemberName = null, int MemberEvery = 0)
    {
        public static readonly Restriction None = new(0);
    }

    /// <summary>Inserts <paramref name="count"/> incidents; returns how many are restricted and how many name the member.</summary>
    public static async Task<(int Restricted, int Named)> FillAsync(BenchmarkHost host, int count, DateTimeOffset now, Restriction? restriction = null)
    {
        restriction ??= Restriction.None;
        var random = new Random(13);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>();
        var step = TimeSpan.FromDays(30).Ticks / Math.Max(1, count);
        var contained = "Phase: " + IncidentVocabulary.Label(IncidentPhase.DetectionAndAnalysis) + " → " + IncidentVocabulary.Label(IncidentPhase.Containment);
        var resolved = "Status: " + IncidentVocabulary.Label(IncidentStatus.InProgress) + " → " + IncidentVocabulary.Label(IncidentStatus.Resolved);
        var (restricted, named) = (0, 0);
        for (var first = 0; first < count; first += Batch)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var incidents = new List<Incident>();
            for (var n = first; n < Math.Min(count, first + Batch); n++)
            {
                var created = now - TimeSpan.FromDays(30) + TimeSpan.FromTicks(n * step);
                incidents.Add(new Incident
                {
                    Title = $"Benchmark incident {n}", Severity = (Severity)random.Next(1, 5), Status = IncidentStatus.Resolved,
                    Phase = IncidentPhase.PostIncident, CreatedById = "bench", CreatedAt = created, UpdatedAt = created, Version = 1,
                    Restricted = restriction.Every > 0 && n % restriction.Every == 0,
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
                if (!incident.Restricted)
                {
                    continue;
                }
                restricted++;
                db.IncidentMembers.Add(new IncidentMember { IncidentId = incident.Id, UserId = "bench-member", UserName = "Bench Member" });
                if (restriction.Member is { } member && restriction.MemberEvery > 0 && restricted % restriction.MemberEvery == 0)
                {
                    named++;
                    db.IncidentMembers.Add(new IncidentMember { IncidentId = incident.Id, UserId = member, UserName = restriction.MemberName ?? member });
                }
            }
            await db.SaveChangesAsync();
        }
        return (restricted, named);
    }
}
