using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Features.Live;

public sealed class HubBroadcasterTests : IDisposable
{
    private const int History = 3000;
    private const int PageSize = 100;
    private const string PageSizeSetting = "100";

    private readonly App _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Holds a replay before its third page until the test lets it go on; says when it got there.</summary>
    private sealed class HeldReplay : HubReplayHook
    {
        private int _pages;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask BeforePageAsync(string connectionId, long afterSeq, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _pages) == 3)
            {
                Reached.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>The app with small replay pages and the holding hook.</summary>
    private sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Live:ReplayPageSize"] = PageSizeSetting })
    {
        // Initialised before the base constructor starts the server, which calls ConfigureWebHost.
        public HeldReplay Replay { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<HubReplayHook>(Replay));
        }
    }

    private sealed class Receiver
    {
        public Arrivals<(long Seq, string DocumentId)> Items { get; } = new();

        public static async Task<(HubConnection, Receiver)> ConnectAsync(SecOpsApp app)
        {
            var receiver = new Receiver();
            var connection = app.Hub();
            connection.On<AlertFrame>("alerts", frame =>
            {
                foreach (var item in frame.Items)
                {
                    receiver.Items.Add((item.Seq, item.DocumentId));
                }
            });
            await connection.StartAsync();
            return (connection, receiver);
        }

        public bool Has(string documentId) => Items.Any(i => i.DocumentId == documentId);

        public Task WaitForAsync(string documentId) =>
            Items.WaitUntilAsync(items => items.Any(i => i.DocumentId == documentId), documentId);
    }

    [Fact]
    public async Task DeepReplay_RunsOutsideTheBroadcastLoop_OthersReceiveLiveFramesMeanwhile_AndTheReplayerGetsEveryChangeOnceInOrder()
    {
        var from = _app.Get<LiveFeed>().Head;
        for (var batch = 0; batch < History / 1000; batch++)
        {
            await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 1000).Select(i => Documents.Alert($"history-{batch * 1000 + i:D4}")).ToArray());
        }
        var (live, liveReceiver) = await Receiver.ConnectAsync(_app);
        await using var liveConnection = live;
        await live.InvokeAsync("Resume", _app.Get<LiveFeed>().Head);

        var (replayer, replayed) = await Receiver.ConnectAsync(_app);
        await using var replayConnection = replayer;
        var resume = replayer.InvokeAsync("Resume", from);
        await _app.Replay.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The replay is held at its third page of 100: a change committed now reaches the live client all the same.
        await Documents.PostAsync(_app.Client(), Documents.Alert("during-replay"));
        await liveReceiver.WaitForAsync("during-replay");
        Assert.False(resume.IsCompleted);
        Assert.InRange(replayed.Items.Snapshot().Count, 0, 2 * PageSize);
        Assert.False(replayed.Has("during-replay"));
        Assert.Equal(["during-replay"], liveReceiver.Items.Snapshot().Select(i => i.DocumentId));

        _app.Replay.Release.SetResult();
        await resume.WaitAsync(TimeSpan.FromSeconds(60));
        await Documents.PostAsync(_app.Client(), Documents.Alert("after-replay"));
        await replayed.WaitForAsync("after-replay");

        var expected = Enumerable.Range(0, History).Select(i => $"history-{i:D4}").Append("during-replay").Append("after-replay").ToList();
        Assert.Equal(expected, replayed.Items.Snapshot().Select(i => i.DocumentId));
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => from + i), replayed.Items.Snapshot().Select(i => i.Seq));
        await liveReceiver.WaitForAsync("after-replay");
        Assert.Equal(["during-replay", "after-replay"], liveReceiver.Items.Snapshot().Select(i => i.DocumentId));
    }

    [Fact]
    public async Task ResumeWhileLive_StopsLiveDelivery_ReplaysFromTheAskedPoint_ThenContinuesWithoutDuplicates()
    {
        var (connection, receiver) = await Receiver.ConnectAsync(_app);
        await using var _ = connection;
        var from = _app.Get<LiveFeed>().Head;
        await connection.InvokeAsync("Resume", from);
        await Documents.PostAsync(_app.Client(), Enumerable.Range(0, 5).Select(i => Documents.Alert($"first-{i}")).ToArray());
        await receiver.WaitForAsync("first-4");

        // Asks again from the start: the five come once more (as asked), then live goes on with nothing twice.
        await connection.InvokeAsync("Resume", from);
        await Documents.PostAsync(_app.Client(), Documents.Alert("next"));
        await receiver.WaitForAsync("next");

        string[] firsts = ["first-0", "first-1", "first-2", "first-3", "first-4"];
        Assert.Equal([.. firsts, .. firsts, "next"], receiver.Items.Snapshot().Select(i => i.DocumentId));
    }
}
