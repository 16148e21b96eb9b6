using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Evidence;

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.IncidentId);
        b.HasOne<Incident>().WithMany().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.FileName).HasMaxLength(IncidentEvidence.FileNameLength);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.UploadedById).HasMaxLength(256);
        b.Property(e => e.UploadedByName).HasMaxLength(256);
    }
}

internal sealed class EvidenceBlobConfiguration : IEntityTypeConfiguration<EvidenceBlob>
{
    public void Configure(EntityTypeBuilder<EvidenceBlob> b)
    {
        b.HasKey(e => e.EvidenceId);
        b.Property(e => e.EvidenceId).ValueGeneratedNever();
        b.HasOne<EvidenceFile>().WithOne().HasForeignKey<EvidenceBlob>(e => e.EvidenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceCustodyConfiguration : IEntityTypeConfiguration<EvidenceCustodyEntry>
{
    public void Configure(EntityTypeBuilder<EvidenceCustodyEntry> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.IncidentId, e.EvidenceId });
        b.HasOne<EvidenceFile>().WithMany().HasForeignKey(e => e.EvidenceId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.Action).HasConversion<int>();
        b.Property(e => e.ActorId).HasMaxLength(256);
        b.Property(e => e.ActorName).HasMaxLength(256);
    }
}
