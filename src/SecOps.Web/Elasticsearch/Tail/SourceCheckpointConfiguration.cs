using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Elasticsearch.Tail;

internal sealed class SourceCheckpointConfiguration : IEntityTypeConfiguration<SourceCheckpoint>
{
    public void Configure(EntityTypeBuilder<SourceCheckpoint> b)
    {
        b.ToTable("SourceCheckpoints");
        b.HasKey(c => c.Source);
        b.Property(c => c.Source).HasMaxLength(256);
        b.Property(c => c.LastTiebreaker).HasMaxLength(1024);
    }
}
