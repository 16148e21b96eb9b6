using System.Net;

namespace SecOps.Web.Features.Outbound;

/// <summary>Name resolution for outbound requests: the system's DNS in the app, a fake in tests (so no test depends on DNS).</summary>
public interface IOutboundResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsOutboundResolver : IOutboundResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
