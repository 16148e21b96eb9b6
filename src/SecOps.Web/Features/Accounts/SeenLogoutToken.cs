using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// A back-channel logout token already acted on (<see cref="BackChannelLogout"/>), by its issuer and <c>jti</c>, kept in the
/// store so every instance refuses a replay; forgotten once the token would be refused as too old anyway.
/// </summary>
public sealed class SeenLogoutToken
{
    /// <summary>SHA-256 of the issuer and the token's <c>jti</c>, hex.</summary>
    public required string Id { get; set; }

    /// <summary>Seconds since the Unix epoch after which the token is too old to be accepted, so the row can go.</summary>
    public long ForgetAfter { get; set; }
}

internal sealed class SeenLogoutTokenConfiguration : IEntityTypeConfiguration<SeenLogoutToken>
{
    public void Configure(EntityTypeBuilder<SeenLogoutToken> b)
    {
        b.ToTable("SeenLogoutTokens");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasMaxLength(64);
        b.HasIndex(t => t.ForgetAfter);
    }
}
