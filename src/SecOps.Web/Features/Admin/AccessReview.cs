using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// An access review campaign: every account and active API key as they stood when it started, each kept or revoked by
/// an administrator, and the campaign completed once nothing is left undecided. Completed campaigns are the compliance
/// evidence "access reviews done".
/// </summary>
public sealed class AccessReview
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The administrator's pseudonymous id (an erasure rewrites it like every other identifier).</summary>
    public required string StartedBy { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
}

public enum AccessReviewSubject
{
    Account = 0,
    ApiKey = 1,
}

public enum AccessDecision
{
    Pending = 0,
    Keep = 1,
    Revoke = 2,
}

/// <summary>One account or API key in a campaign: the access it had when the campaign started, and what was decided.</summary>
public sealed class AccessReviewItem
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public AccessReviewSubject Subject { get; set; }

    /// <summary>The account's id or the API key's id.</summary>
    public required string SubjectId { get; set; }

    /// <summary>What the subject could do when the campaign started ("role admin, MFA on", "scopes ingest, read").</summary>
    public required string Access { get; set; }

    public AccessDecision Decision { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? Note { get; set; }
}

internal sealed class AccessReviewConfiguration : IEntityTypeConfiguration<AccessReview>
{
    public void Configure(EntityTypeBuilder<AccessReview> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Name).HasMaxLength(AccessReviews.NameLength);
        b.Property(r => r.StartedBy).HasMaxLength(256);
        b.Property(r => r.CompletedBy).HasMaxLength(256);
        b.HasIndex(r => r.CompletedAt);
    }
}

internal sealed class AccessReviewItemConfiguration : IEntityTypeConfiguration<AccessReviewItem>
{
    public void Configure(EntityTypeBuilder<AccessReviewItem> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.SubjectId).HasMaxLength(256);
        b.Property(i => i.Access).HasMaxLength(500);
        b.Property(i => i.DecidedBy).HasMaxLength(256);
        b.Property(i => i.Note).HasMaxLength(AccessReviews.NoteLength);
        b.HasIndex(i => new { i.ReviewId, i.Decision });
        b.HasOne<AccessReview>().WithMany().HasForeignKey(i => i.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
