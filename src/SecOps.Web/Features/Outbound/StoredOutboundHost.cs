using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// An allowlist entry an administrator added on <c>/admin/outbound</c> (after a second administrator approved it, or
/// alone while there is no second one), in force beside the configured <see cref="OutboundOptions.AllowedHosts"/>.
/// </summary>
public sealed class StoredOutboundHost
{
    public long Id { get; set; }

    /// <summary>Normalised as <see cref="OutboundHostEntry.Normalize"/> says: <c>host</c>, <c>host:port</c> or <c>*.domain</c>.</summary>
    public required string Entry { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>The user id of the administrator who put it in force: the approver, or the requester when nobody else could approve.</summary>
    public required string AddedBy { get; set; }
}

internal sealed class StoredOutboundHostConfiguration : IEntityTypeConfiguration<StoredOutboundHost>
{
    public void Configure(EntityTypeBuilder<StoredOutboundHost> b)
    {
        b.ToTable("OutboundHosts");
        b.HasKey(h => h.Id);
        b.HasIndex(h => h.Entry).IsUnique();
        b.Property(h => h.Entry).HasMaxLength(OutboundHostEntry.MaxLength);
        b.Property(h => h.AddedBy).HasMaxLength(450);
    }
}
