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
        b.Property(i => i.MitreTactics).HasMaxLength(256);
        b.Property(i => i.MitreTechniques).HasMaxLength(512);
        b.Property(i => i.OwaspCategory).HasMaxLength(8);
        b.Property(i => i.AffectedAssets).HasMaxLength(IncidentClassification.MaxAssets * (IncidentClassification.AssetLength + 1));
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
        b.HasIndex(i => i.TeamId);
        b.HasOne<Teams.Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class IncidentMemberConfiguration : IEntityTypeConfiguration<IncidentMember>
{
    public void Configure(EntityTypeBuilder<IncidentMember> b)
    {
        b.HasKey(m => new { m.IncidentId, m.UserId });
        b.HasIndex(m => m.UserId);
        b.HasOne<Incident>().WithMany().HasForeignKey(m => m.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(m => m.UserId).HasMaxLength(256);
        b.Property(m => m.UserName).HasMaxLength(256);
    }
}

internal sealed class IncidentObservableConfiguration : IEntityTypeConfiguration<IncidentObservable>
{
    public void Configure(EntityTypeBuilder<IncidentObservable> b)
    {
        b.HasKey(o => o.Id);
        b.HasIndex(o => new { o.IncidentId, o.Type, o.Value }).IsUnique();
        b.HasIndex(o => new { o.Type, o.Value });
        b.HasOne<Incident>().WithMany().HasForeignKey(o => o.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(o => o.Type).HasConversion<int>();
        b.Property(o => o.Value).HasMaxLength(IncidentObservables.ValueLength);
        b.Property(o => o.AddedById).HasMaxLength(256);
        b.Property(o => o.AddedByName).HasMaxLength(256);
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
