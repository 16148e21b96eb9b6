using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SecOps.Benchmarks.Circuits;

namespace SecOps.Tests.Benchmarks.Circuits;

public sealed class BlazorPackProtocolTests
{
    [Fact]
    public void Name_IsTheOneBlazorsCircuitEndpointAccepts()
    {
        var protocol = new BlazorPackProtocol();

        Assert.Equal("blazorpack", protocol.Name);
        Assert.Equal(Microsoft.AspNetCore.Connections.TransferFormat.Binary, protocol.TransferFormat);
    }

    [Fact]
    public void RenderBatchInvocation_RoundTrips_WithItsBytesIntact()
    {
        var protocol = new BlazorPackProtocol();
        var batch = new byte[] { 1, 2, 3, 0, 255 };
        var written = protocol.GetMessageBytes(new InvocationMessage("JS.RenderBatch", [7L, batch]));

        var input = new ReadOnlySequence<byte>(written);
        Assert.True(protocol.TryParseMessage(ref input, new Binder([typeof(long), typeof(byte[])]), out var message));

        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal("JS.RenderBatch", invocation.Target);
        Assert.Equal(7L, invocation.Arguments[0]);
        Assert.Equal(batch, invocation.Arguments[1]);
        Assert.True(input.IsEmpty);
    }

    private sealed class Binder(Type[] parameters) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => parameters;

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
