using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.Status, i.Severity, i.UpdatedAt });
        b.HasIndex(i => i.UpdatedAt);
        b.Property(i => i.Title).HasMaxLength(IncidentText.TitleLength);
        b.Property(i => i.Description).HasMaxLength(IncidentText.NoteLength);
        b.Property(i => i.Severity).HasConversion<int>();
        b.Property(i => i.Status).HasConversion<int>();
        b.Property(i => i.Phase).HasConversion<int>();
        b.Property(i => i.Type).HasConversion<int>();
        b.Property(i => i.Tlp).HasConversion<int>();
        b.Property(i => i.Pap).HasConversion<int>();
        b.Property(i => i.AssigneeId).HasMaxLength(256);
        b.Property(i => i.AssigneeName).HasMaxLength(256);
        b.Property(i => i.CreatedById).HasMaxLength(256);
        b.Property(i => i.Version).IsConcurrencyToken();
    }
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.IncidentId, e.At });
        b.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Kind).HasConversion<int>();
        b.Property(e => e.ActorId).HasMaxLength(256);
        b.Property(e => e.ActorName).HasMaxLength(256);
        b.Property(e => e.Text).HasMaxLength(IncidentText.NoteLength);
    }
}
