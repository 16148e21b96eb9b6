using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// A retention period an administrator set (after a second administrator's approval) for one kind of data. A kind
/// without a row keeps the configured default (<see cref="RetentionOptions"/>).
/// </summary>
public sealed class RetentionPolicy
{
    public RetentionKind Kind { get; set; }

    /// <summary>Days the data is kept; null keeps it forever.</summary>
    public int? Days { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The administrator whose approval (or unapproved change, with a single administrator) set it.</summary>
    public required string ChangedBy { get; set; }
}

internal sealed class RetentionPolicyConfiguration : IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(EntityTypeBuilder<RetentionPolicy> b)
    {
        b.HasKey(p => p.Kind);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(p => p.ChangedBy).HasMaxLength(450);
    }
}
