using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// The hub protocol Blazor's circuit endpoint (<c>/_blazor</c>) speaks: MessagePack under the name "blazorpack", as
/// blazor.web.js does it (a MessagePackHubProtocol whose name it overwrites). The server accepts no other protocol there.
/// </summary>
public sealed class BlazorPackProtocol : IHubProtocol
{
    public const string ProtocolName = "blazorpack";

    private readonly MessagePackHubProtocol _messagePack = new();

    public string Name => ProtocolName;

    public int Version => _messagePack.Version;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => _messagePack.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _messagePack.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _messagePack.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _messagePack.GetMessageBytes(message);
}
