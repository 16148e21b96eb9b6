using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The indexes behind <see cref="ComplianceQueries"/>, kept beside the queries that need them (EF applies every
/// configuration of an entity). The alert one covers every period query (<see cref="ComplianceSql"/>'s day rows and
/// durations, the unfinished counts): the parts of days a period cuts are read from it alone, without touching the
/// table's rows (which hold the raw document). A partial index holds the queue's (not closed, not
/// suppressed) assigned alerts by assignee for the workload; its filter is the query's own condition, word for word,
/// which is what lets SQLite use it. The backlog reads the board's queue index (status, severity, time).
/// </summary>
internal sealed class ComplianceAlertIndexes : IEntityTypeConfiguration<Alert>
{
    public const string Queued = "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL";

    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.HasIndex(a => new
        {
            a.AlertTime, a.SuppressedBy, a.Severity, a.EventTime, a.AcknowledgedAt, a.ClosedAt,
            a.Status, a.CloseReason, a.Source, a.RuleId, a.RuleName, a.MitreTactic,
        }, "IX_Alerts_Compliance");
        b.HasIndex(a => a.AssigneeName, "IX_Alerts_Compliance_Assigned").HasFilter(Queued + " AND \"AssigneeName\" IS NOT NULL");
    }
}

internal sealed class ComplianceTransitionIndexes : IEntityTypeConfiguration<AlertTransition>
{
    public void Configure(EntityTypeBuilder<AlertTransition> b) => b.HasIndex(t => t.At);
}

internal sealed class ComplianceIncidentIndexes : IEntityTypeConfiguration<Incident>
{
    // Covers the MTTC / MTTR read: the incidents created in a period with their severity and clocks.
    public void Configure(EntityTypeBuilder<Incident> b) =>
        b.HasIndex(i => new { i.CreatedAt, i.Severity, i.FirstContainedAt, i.FirstResolvedAt }, "IX_Incidents_Compliance");
}
