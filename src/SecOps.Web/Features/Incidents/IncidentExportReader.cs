using System.Globalization;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Evidence;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// Reads what an export and the print view hold: the incident, its whole timeline (audit events included, so a
/// download holds what the page shows), its evidence and its post-incident review, as the actor may see them.
/// </summary>
public sealed class IncidentExportReader(IncidentQueries queries, IncidentEvidence evidence, IncidentAuditEvents auditEvents, Reviews.PostIncidentReviews reviews)
{
    /// <summary>At most this many audit events go into an export (20 pages): the rest are counted on the page, not downloaded.</summary>
    public const int ExportedAuditEvents = 10_000;

    /// <summary>Null when the actor may not see the incident (or it does not exist).</summary>
    public async Task<IncidentExportData?> ReadAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        var incident = await queries.GetAsync(actor, id, cancellationToken);
        if (incident is null)
        {
            return null;
        }
        var audit = await auditEvents.EveryPageAsync(actor, id, ExportedAuditEvents, cancellationToken);
        var timeline = IncidentAuditEvents.Merge(await queries.TimelineAsync(actor, id, cancellationToken), audit);
        return new IncidentExportData(incident, timeline, await evidence.ListAsync(actor, id, cancellationToken), await reviews.GetAsync(actor, id, cancellationToken),
            audit.Truncated ? Omitted(audit) : null);
    }

    private static string Omitted(IncidentAuditEventsResult audit)
    {
        var of = audit.Available is { } available
            ? $" of {(audit.AvailableIsLowerBound ? "at least " : "")}{available.ToString("N0", CultureInfo.InvariantCulture)}"
            : "";
        return $"This export holds the newest {audit.Entries.Count.ToString("N0", CultureInfo.InvariantCulture)}{of} audit events about the incident's users and hosts; the earlier ones can be loaded on the incident page.";
    }
}
