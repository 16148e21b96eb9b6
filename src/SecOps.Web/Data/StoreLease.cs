namespace SecOps.Web.Data;

/// <summary>
/// A named, expiring claim on work that only one instance may do at a time (tailing a source, writing back to it).
/// The holder renews it while working; when an instance dies, another takes over once it expires.
/// </summary>
public sealed class StoreLease
{
    /// <summary>What the lease guards, e.g. <c>elasticsearch:alerts</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The instance holding it (<see cref="StoreLeases.Holder"/>).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }
}
