using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Reviews;

internal sealed class PostIncidentReviewConfiguration : IEntityTypeConfiguration<PostIncidentReview>
{
    public void Configure(EntityTypeBuilder<PostIncidentReview> b)
    {
        b.HasKey(r => r.IncidentId);
        b.HasOne<Incident>().WithOne().HasForeignKey<PostIncidentReview>(r => r.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.RootCause).HasMaxLength(PostIncidentReviews.TextLength);
        b.Property(r => r.WentWell).HasMaxLength(PostIncidentReviews.TextLength);
        b.Property(r => r.WentBadly).HasMaxLength(PostIncidentReviews.TextLength);
        b.Property(r => r.UpdatedById).HasMaxLength(256);
        b.Property(r => r.UpdatedByName).HasMaxLength(256);
    }
}

internal sealed class ReviewFollowUpConfiguration : IEntityTypeConfiguration<ReviewFollowUp>
{
    public void Configure(EntityTypeBuilder<ReviewFollowUp> b)
    {
        b.HasKey(f => f.Id);
        b.HasIndex(f => new { f.IncidentId, f.Position });
        b.HasOne<Incident>().WithMany().HasForeignKey(f => f.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.Action).HasMaxLength(PostIncidentReviews.ActionLength);
        b.Property(f => f.OwnerId).HasMaxLength(256);
        b.Property(f => f.OwnerName).HasMaxLength(256);
    }
}
