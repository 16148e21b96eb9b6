using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Live;

/// <summary>Issue #12, hardening: a hub client cannot make the server buffer a large message; the circuit has the same cap.</summary>
public sealed class HubMessageSizeTests(HubMessageSizeTests.App app) : IClassFixture<HubMessageSizeTests.App>
{
    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Security:MaxHubMessageBytes"] = "4096" });

    [Fact]
    public async Task OversizeMessage_ClosesTheConnection_WhileAnOrdinaryOneIsServed()
    {
        await using var connection = app.Hub();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", app.Get<LiveFeed>().Head);

        // The argument is nonsense for Resume(long); the server must stop reading before it ever gets to binding it.
        var oversize = connection.InvokeAsync("Resume", new string('x', 8 * 1024));

        await Assert.ThrowsAnyAsync<Exception>(() => oversize);
        var reason = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        Assert.NotNull(reason);
    }

    [Fact]
    public void HubAndCircuit_HaveTheirLimits()
    {
        Assert.Equal(4096, app.Get<IOptions<HubOptions<SocHub>>>().Value.MaximumReceiveMessageSize);
        // Blazor's circuit hub type is internal: read its options by name.
        var componentHub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var options = app.Services.GetService(typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(componentHub)))!;
        var value = (HubOptions)options.GetType().GetProperty("Value", BindingFlags.Public | BindingFlags.Instance)!.GetValue(options)!;
        Assert.Equal(32 * 1024, value.MaximumReceiveMessageSize);
        Assert.False(value.EnableDetailedErrors);
    }
}
