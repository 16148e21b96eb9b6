using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Sign-in and second-step attempts on one account name in the current minute, shared by every instance on the store
/// (<see cref="AccountAttemptLimit"/>). The name is kept only as a keyed hash: the table says nothing about who tried.
/// </summary>
public sealed class SignInAttemptWindow
{
    /// <summary>HMAC-SHA-256 of the normalised account name (the email), hex.</summary>
    public required string Account { get; set; }

    /// <summary>The window's start, in whole minutes since the Unix epoch.</summary>
    public long WindowStart { get; set; }

    public int Attempts { get; set; }
}

internal sealed class SignInAttemptWindowConfiguration : IEntityTypeConfiguration<SignInAttemptWindow>
{
    public void Configure(EntityTypeBuilder<SignInAttemptWindow> b)
    {
        b.ToTable("SignInAttemptWindows");
        b.HasKey(w => w.Account);
        b.Property(w => w.Account).HasMaxLength(64);
        b.HasIndex(w => w.WindowStart);
    }
}
