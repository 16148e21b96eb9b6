using System.Net;
using System.Net.Sockets;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// Opens the connection to an address <see cref="OutboundClient"/> has already checked. A seam so tests can prove that
/// no connection to a non-loopback address is ever attempted.
/// </summary>
public interface IOutboundDialer
{
    ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}

/// <summary>A plain TCP connection to exactly the checked address (never to a name, which could resolve again).</summary>
public sealed class SocketOutboundDialer : IOutboundDialer
{
    public async ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
