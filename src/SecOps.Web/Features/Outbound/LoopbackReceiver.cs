using System.Net;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// A receiver on this machine that outbound requests may reach although loopback is refused to everything else: the
/// host name is allowlisted and, when it resolves to <see cref="Endpoint"/>, that one address and port may be dialled
/// (plain http included). Only code registers one (tests, a local sidecar wired in by a host), never configuration, so
/// no setting can open the internal network.
/// </summary>
public sealed record LoopbackReceiver(string Host, IPEndPoint Endpoint)
{
    /// <summary>
    /// True: the registration itself puts the host on the allowlist. False: only the address is opened, and the host
    /// must be allowlisted like any other (configured, or kept in the store by an administrator).
    /// </summary>
    public bool OnAllowlist { get; init; } = true;

    public bool Admits(string host, IPAddress address, int port) =>
        string.Equals(host, Host, StringComparison.OrdinalIgnoreCase) && IPAddress.IsLoopback(address)
        && address.Equals(Endpoint.Address) && port == Endpoint.Port;
}
