namespace SecOps.Web.Features.Outbound;

/// <summary>
/// The allowlist entries administrators keep in the store, read at request time beside the configured ones. A seam:
/// the app reads them from the store (<see cref="OutboundHosts"/>); the outbound path built alone has none.
/// </summary>
public interface IOutboundHostStore
{
    Task<IReadOnlyList<string>> EntriesAsync(CancellationToken cancellationToken);
}

/// <summary>No stored entries: the outbound path built on its own service collection, without a store.</summary>
public sealed class NoStoredOutboundHosts : IOutboundHostStore
{
    public Task<IReadOnlyList<string>> EntriesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
}
