using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Admin;

/// <summary>A critical action one administrator asked for, waiting for a second one (separation of duties).</summary>
public sealed class Approval
{
    public long Id { get; set; }
    public ApprovalKind Kind { get; set; }

    /// <summary>
    /// The account the action is about (a pseudonym once that person is erased); for a retention change, the kind of
    /// data (<c>retention:ClosedAlerts</c>), since no account is concerned.
    /// </summary>
    public required string TargetUserId { get; set; }

    /// <summary>What the action would set, for actions that carry a value: a retention period in days, or <c>keep</c>.</summary>
    public string? Change { get; set; }

    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public ApprovalState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

public enum ApprovalKind
{
    GrantAdmin,
    ResetMfa,
    ErasePerson,

    /// <summary>Change how long one kind of data is kept (Features/Retention).</summary>
    ChangeRetention,
}

public enum ApprovalState
{
    Pending,
    Approved,
    Rejected,
}

internal sealed class ApprovalConfiguration : IEntityTypeConfiguration<Approval>
{
    public void Configure(EntityTypeBuilder<Approval> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.TargetUserId).HasMaxLength(450);
        b.Property(a => a.RequestedBy).HasMaxLength(450);
        b.Property(a => a.DecidedBy).HasMaxLength(450);
        b.Property(a => a.Change).HasMaxLength(32);
        b.HasIndex(a => a.State);
    }
}
