using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.ScaleOut;

namespace SecOps.IntegrationTests.Features.ScaleOut;

/// <summary>
/// Two app instances, A and B, on real Kestrel sharing one store (and, when given, one Redis with a channel of their
/// own, so other tests' instances on the same Redis are not heard). The store goes when both have stopped.
/// </summary>
public sealed class ScaleOutPair : IAsyncDisposable
{
    private ScaleOutPair(SecOpsApp a, SecOpsApp b, string store, string channel)
    {
        A = a;
        B = b;
        Store = store;
        Channel = channel;
    }

    public SecOpsApp A { get; }

    public SecOpsApp B { get; }

    public string Store { get; }

    /// <summary>A's announcement channel.</summary>
    public string Channel { get; }

    /// <param name="redis">The Redis both use, or null for none.</param>
    /// <param name="channelB">B's announcement channel when it must not hear A (null: the same as A's).</param>
    /// <param name="settingsA">A's own further settings (rules, receivers), and B's below.</param>
    /// <param name="services">Both instances' test service registrations (fakes, loopback receivers).</param>
    public static async Task<ScaleOutPair> StartAsync(string? redis, string? channelB = null, IReadOnlyDictionary<string, string?>? settingsA = null,
        IReadOnlyDictionary<string, string?>? settingsB = null, Action<IServiceCollection>? services = null)
    {
        var store = Path.Combine(Path.GetTempPath(), "secops-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
        var channel = "secops-it:" + Guid.NewGuid().ToString("N");
        Dictionary<string, string?> Settings(string channelName, IReadOnlyDictionary<string, string?>? more)
        {
            var settings = new Dictionary<string, string?>
            {
                ["SecOps:ScaleOut:Redis"] = redis,
                ["SecOps:ScaleOut:Channel"] = channelName,
                // Only announcements (and reconnects) bring the other instance's changes in these tests, never the interval.
                ["SecOps:ScaleOut:CatchUpInterval"] = "01:00:00",
            };
            foreach (var (key, value) in more ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }
            return settings;
        }
        var a = new SecOpsApp(Settings(channel, settingsA), store, keepStore: true, services: services);
        var b = new SecOpsApp(Settings(channelB ?? channel, settingsB), store, keepStore: true, services: services);
        if (redis is not null)
        {
            await a.Get<ChangeNotifications>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
            await b.Get<ChangeNotifications>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }
        return new ScaleOutPair(a, b, store, channel);
    }

    /// <summary>A hub client on <paramref name="app"/> that has resumed from its feed's head and collects every alert it receives.</summary>
    public static async Task<(HubConnection Connection, Arrivals<(long Seq, string DocumentId)> Received)> HubClientAsync(SecOpsApp app)
    {
        var received = new Arrivals<(long Seq, string DocumentId)>();
        var connection = app.Hub();
        connection.On<AlertFrame>("alerts", frame =>
        {
            foreach (var item in frame.Items)
            {
                received.Add((item.Seq, item.DocumentId));
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", app.Get<LiveFeed>().Head);
        return (connection, received);
    }

    /// <summary>The change feed as the store holds it: every entry's number and alert, in number order.</summary>
    public async Task<IReadOnlyList<(long Seq, string DocumentId)>> FeedAsync()
    {
        await using var db = TestStore.Open(Store);
        var rows = await db.ChangeFeed.Join(db.Alerts, c => c.EntityId, a => a.Id, (c, a) => new { c.Seq, a.DocumentId })
            .OrderBy(r => r.Seq).ToListAsync();
        return rows.Select(r => (r.Seq, r.DocumentId)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        TestStore.Delete(Store);
    }
}
