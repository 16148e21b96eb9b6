using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

public sealed partial class ComplianceQueries
{
    /// <summary>
    /// Incidents created in the period with their first entry into containment and their first resolution, read from the
    /// incident's own history (the phase and status changes <see cref="IncidentEditing"/> records). An incident that
    /// skipped containment has no MTTC; one still open has no MTTR.
    /// </summary>
    internal static async Task<IReadOnlyList<IncidentTimes>> IncidentTimesAsync(SecOpsDbContext db, MetricPeriod period, CancellationToken cancellationToken)
    {
        var from = period.From.UtcTicks;
        var to = period.To.UtcTicks;
        var phase = (int)IncidentEventKind.PhaseChanged;
        var status = (int)IncidentEventKind.StatusChanged;
        var contained = "%→ " + IncidentVocabulary.Label(IncidentPhase.Containment);
        var resolved = "%→ " + IncidentVocabulary.Label(IncidentStatus.Resolved);
        var closed = "%→ " + IncidentVocabulary.Label(IncidentStatus.Closed);
        var rows = await db.Database.SqlQuery<IncidentRow>($"""
            SELECT i."Id", i."Severity", i."CreatedAt", i."Phase", i."Status",
                   (SELECT MIN(e."At") FROM "IncidentEvents" e WHERE e."IncidentId" = i."Id" AND e."Kind" = {phase} AND e."Text" LIKE {contained}) AS "ContainedAt",
                   (SELECT MIN(e."At") FROM "IncidentEvents" e WHERE e."IncidentId" = i."Id" AND e."Kind" = {status} AND (e."Text" LIKE {resolved} OR e."Text" LIKE {closed})) AS "ResolvedAt"
            FROM "Incidents" i WHERE i."CreatedAt" >= {from} AND i."CreatedAt" < {to}
            """).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new IncidentTimes(
            r.Id,
            (Severity)r.Severity,
            At(r.CreatedAt),
            r.ContainedAt is { } c ? At(c) : null,
            r.ResolvedAt is { } s ? At(s) : null))];
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    private sealed record IncidentRow(long Id, int Severity, long CreatedAt, int Phase, int Status, long? ContainedAt, long? ResolvedAt);
}
