using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Regulatory;

/// <summary>A regulatory notification a responder recorded on an incident: never edited, each one also on the timeline and audited.</summary>
public sealed class IncidentNotification
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public RegulatoryDuty Duty { get; set; }

    /// <summary>When it was sent (may be before it was recorded).</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>To whom: the authority, CSIRT or person, as the responder wrote it.</summary>
    public required string Recipient { get; set; }

    /// <summary>The authority's case number or the message's reference, if any.</summary>
    public string? Reference { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedById { get; set; }
    public required string RecordedByName { get; set; }

    public NotificationView ToView() => new(Id, Duty, SentAt, Recipient, Reference, RecordedByName, RecordedAt);
}

internal sealed class IncidentNotificationConfiguration : IEntityTypeConfiguration<IncidentNotification>
{
    public void Configure(EntityTypeBuilder<IncidentNotification> b)
    {
        b.HasKey(n => n.Id);
        b.HasIndex(n => new { n.IncidentId, n.SentAt });
        b.HasOne<Incident>().WithMany().HasForeignKey(n => n.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(n => n.Duty).HasConversion<int>();
        b.Property(n => n.Recipient).HasMaxLength(IncidentRegulatory.RecipientLength);
        b.Property(n => n.Reference).HasMaxLength(IncidentRegulatory.ReferenceLength);
        b.Property(n => n.RecordedById).HasMaxLength(256);
        b.Property(n => n.RecordedByName).HasMaxLength(256);
    }
}
