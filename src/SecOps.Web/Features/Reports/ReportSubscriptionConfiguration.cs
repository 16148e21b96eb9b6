using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Reports;

internal sealed class ReportSubscriptionConfiguration : IEntityTypeConfiguration<ReportSubscription>
{
    public void Configure(EntityTypeBuilder<ReportSubscription> b)
    {
        b.HasKey(s => s.Id);
        // One subscription per person: subscribing again changes it.
        b.HasIndex(s => s.UserId).IsUnique();
        b.HasIndex(s => s.NextDueAt);
        b.HasOne<SecOpsUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.TimeZone).HasMaxLength(100);
        b.Property(s => s.LastFailure).HasMaxLength(500);
        b.Property(s => s.Cadence).HasConversion<int>();
        b.Property(s => s.Period).HasConversion<int>();
    }
}
