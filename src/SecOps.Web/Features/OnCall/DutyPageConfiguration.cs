using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.OnCall;

internal sealed class DutyPageConfiguration : IEntityTypeConfiguration<DutyPage>
{
    public void Configure(EntityTypeBuilder<DutyPage> b)
    {
        b.ToTable("OnCallPages");
        b.HasKey(p => p.Id);
        // The claim: of several instances (or a restarted one) only the first insert of a level succeeds.
        b.HasIndex(p => new { p.Subject, p.SubjectId, p.Reason, p.Level }).IsUnique();
        b.HasIndex(p => p.AcknowledgedAt);
        b.Property(p => p.Subject).HasConversion<int>();
        b.Property(p => p.Reason).HasConversion<int>();
        b.Property(p => p.Team).HasMaxLength(200);
        b.Property(p => p.Person).HasMaxLength(256);
        b.Property(p => p.LastFailure).HasMaxLength(200);
        b.Property(p => p.AcknowledgedById).HasMaxLength(450);
        b.Property(p => p.AcknowledgedBy).HasMaxLength(256);
    }
}
