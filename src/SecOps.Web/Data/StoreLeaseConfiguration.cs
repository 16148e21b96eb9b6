using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Data;

internal sealed class StoreLeaseConfiguration : IEntityTypeConfiguration<StoreLease>
{
    public void Configure(EntityTypeBuilder<StoreLease> b)
    {
        b.ToTable("Leases");
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(256);
        b.Property(l => l.Holder).HasMaxLength(256);
    }
}
