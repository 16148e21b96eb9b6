using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The indexes behind <see cref="ComplianceQueries"/>, kept beside the queries that need them (EF applies every
/// configuration of an entity). The alert one covers the period queries: the time metrics, SLA counts and daily
/// volumes read it alone, without touching the table's rows. Two partial indexes hold only the queue (not closed, not
/// suppressed): by time for the backlog's age bands, by assignee for the workload; their filter is the queries' own
/// condition, word for word, which is what lets SQLite use them.
/// </summary>
internal sealed class ComplianceAlertIndexes : IEntityTypeConfiguration<Alert>
{
    public const string Queued = "\"Status\" IN (0, 1, 2) AND \"SuppressedBy\" IS NULL";

    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.HasIndex(a => new { a.AlertTime, a.SuppressedBy, a.Severity, a.EventTime, a.AcknowledgedAt, a.ClosedAt }, "IX_Alerts_Compliance");
        b.HasIndex(a => new { a.AlertTime, a.Severity }, "IX_Alerts_Compliance_Queue").HasFilter(Queued);
        b.HasIndex(a => a.AssigneeName, "IX_Alerts_Compliance_Assigned").HasFilter(Queued + " AND \"AssigneeName\" IS NOT NULL");
    }
}

internal sealed class ComplianceTransitionIndexes : IEntityTypeConfiguration<AlertTransition>
{
    public void Configure(EntityTypeBuilder<AlertTransition> b) => b.HasIndex(t => t.At);
}

internal sealed class ComplianceIncidentIndexes : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b) => b.HasIndex(i => i.CreatedAt);
}
