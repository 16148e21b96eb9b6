using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecOps.Web.Features.Live;

namespace SecOps.Benchmarks;

/// <summary>
/// The fan-out baseline: a minimal Kestrel app on loopback with one SignalR hub and nothing else (no authentication,
/// store or live feed), default JSON protocol as the app's hub uses, broadcasting frames to a group as the app does.
/// </summary>
public sealed class BareHubHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IHubContext<BareHub> _hub;
    private readonly string _contentRoot;

    private BareHubHost(WebApplication app, string contentRoot, Uri hubUrl)
    {
        _app = app;
        _contentRoot = contentRoot;
        _hub = app.Services.GetRequiredService<IHubContext<BareHub>>();
        HubUrl = hubUrl;
    }

    public Uri HubUrl { get; }

    public static async Task<BareHubHost> StartAsync()
    {
        // An empty content root, so the web app's appsettings in the benchmark's output directory configure nothing here.
        var contentRoot = Directory.CreateTempSubdirectory("secops-bare-hub-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = contentRoot });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // Detailed errors only say why a connection was closed; they cost nothing on the broadcast path.
        builder.Services.AddSignalR(o => o.EnableDetailedErrors = true);
        var app = builder.Build();
        app.MapHub<BareHub>("/hubs/bare");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new BareHubHost(app, contentRoot, new Uri(new Uri(address), "/hubs/bare"));
    }

    public Task BroadcastAsync(AlertFrame frame) => _hub.Clients.Group(BareHub.Group).SendAsync("alerts", frame);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        BenchmarkHost.TryDelete(_contentRoot);
    }
}

/// <summary>Puts every connection in the broadcast group, as the app's hub puts live connections in its alerts group.</summary>
public sealed class BareHub : Hub
{
    public const string Group = "alerts";

    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, Group);
}
