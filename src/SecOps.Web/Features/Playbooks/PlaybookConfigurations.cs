using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

internal sealed class PlaybookConfiguration : IEntityTypeConfiguration<Playbook>
{
    public void Configure(EntityTypeBuilder<Playbook> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => p.Key).IsUnique();
        b.Property(p => p.Key).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(PlaybookReader.NameLength);
    }
}

internal sealed class PlaybookVersionConfiguration : IEntityTypeConfiguration<PlaybookVersion>
{
    public void Configure(EntityTypeBuilder<PlaybookVersion> b)
    {
        b.HasKey(v => v.Id);
        b.HasIndex(v => new { v.PlaybookId, v.Version }).IsUnique();
        b.HasOne<Playbook>().WithMany().HasForeignKey(v => v.PlaybookId).OnDelete(DeleteBehavior.Restrict);
        b.Property(v => v.Name).HasMaxLength(PlaybookReader.NameLength);
        b.Property(v => v.Yaml).HasMaxLength(PlaybookYaml.MaxFileBytes);
        b.Property(v => v.ContentHash).HasMaxLength(64);
        b.Property(v => v.ImportedById).HasMaxLength(256);
        b.Property(v => v.ImportedByName).HasMaxLength(256);
    }
}

internal sealed class IncidentPlaybookConfiguration : IEntityTypeConfiguration<IncidentPlaybook>
{
    public void Configure(EntityTypeBuilder<IncidentPlaybook> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.IncidentId, p.PlaybookKey }).IsUnique();
        b.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<PlaybookVersion>().WithMany().HasForeignKey(p => p.PlaybookVersionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.PlaybookKey).HasMaxLength(64);
        b.Property(p => p.PlaybookName).HasMaxLength(PlaybookReader.NameLength);
        b.Property(p => p.AttachedById).HasMaxLength(256);
        b.Property(p => p.AttachedByName).HasMaxLength(256);
    }
}

internal sealed class IncidentTaskConfiguration : IEntityTypeConfiguration<IncidentTask>
{
    public void Configure(EntityTypeBuilder<IncidentTask> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.IncidentId, t.Position });
        b.HasIndex(t => new { t.State, t.DueAt });
        b.HasOne<Incident>().WithMany().HasForeignKey(t => t.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<IncidentPlaybook>().WithMany().HasForeignKey(t => t.IncidentPlaybookId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reviews.ReviewFollowUp>().WithOne().HasForeignKey<IncidentTask>(t => t.FollowUpId).OnDelete(DeleteBehavior.Cascade);
        // The link goes with the file; the task keeps the file's name and hash as text.
        b.HasOne<Evidence.EvidenceFile>().WithMany().HasForeignKey(t => t.EvidenceFileId).OnDelete(DeleteBehavior.SetNull);
        b.Property(t => t.StepKey).HasMaxLength(64);
        b.Property(t => t.Phase).HasConversion<int>();
        b.Property(t => t.State).HasConversion<int>();
        b.Property(t => t.Title).HasMaxLength(PlaybookReader.TitleLength);
        b.Property(t => t.Description).HasMaxLength(Notes.AlertNotes.MaxLength);
        b.Property(t => t.OwnerRole).HasMaxLength(32);
        b.Property(t => t.Checklist).HasMaxLength(PlaybookReader.MaxChecklist * (PlaybookReader.ChecklistItemLength + 1));
        b.Property(t => t.Evidence).HasMaxLength(64);
        b.Property(t => t.AssigneeId).HasMaxLength(256);
        b.Property(t => t.AssigneeName).HasMaxLength(256);
        b.Property(t => t.ClosedById).HasMaxLength(256);
        b.Property(t => t.ClosedByName).HasMaxLength(256);
        b.Property(t => t.EvidenceNote).HasMaxLength(Notes.AlertNotes.MaxLength);
        b.Property(t => t.EvidenceFile).HasMaxLength(512);
        b.Property(t => t.EvidenceObservable).HasMaxLength(1024);
        b.Property(t => t.SkipReason).HasMaxLength(1000);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}
