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
    /// data (<c>retention:ClosedAlerts</c>), an incident (<c>incident:12</c>) or an allowlist entry (<c>outbound-host:hooks.example.com</c>), since no account is concerned.
    /// </summary>
    public required string TargetUserId { get; set; }

    /// <summary>What the action would set, for actions that carry a value: a retention period in days, or <c>keep</c>.</summary>
    public string? Change { get; set; }

    /// <summary>Why the requester asks (deleting an incident): shown to the approver, kept out of the audit trail.</summary>
    public string? Reason { get; set; }

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

    /// <summary>Delete an incident and everything on it (the subject is <c>incident:{id}</c>).</summary>
    DeleteIncident,

    /// <summary>Put a host on the stored outbound allowlist (the subject is <c>outbound-host:{entry}</c>; Features/Outbound).</summary>
    AllowOutboundHost,
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
        b.Property(a => a.Reason).HasMaxLength(Approvals.ReasonLength);
        b.HasIndex(a => a.State);
    }
}
