using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Alerts;

public sealed class AlertViewTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// Every SQL command EF Core runs against this test's own store while it records (other test classes run
    /// their own apps in this process at the same time, on other stores).
    /// </summary>
    private sealed class SqlCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _storeDirectory;
        private readonly List<IDisposable> _subscriptions = [];

        public SqlCommands(string storeDirectory)
        {
            _storeDirectory = storeDirectory;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public ConcurrentQueue<string> Texts { get; } = new();

        public bool Recording { get; set; }

        void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }

        void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> entry)
        {
            if (Recording && entry.Value is CommandEventData { Command: DbCommand command } && entry.Key == RelationalEventId.CommandExecuting.Name
                && command.Connection is { } connection && TestStore.IsStoreOf(connection, _storeDirectory))
            {
                Texts.Enqueue(command.CommandText);
            }
        }

        void IObserver<DiagnosticListener>.OnCompleted() { }
        void IObserver<DiagnosticListener>.OnError(Exception error) { }
        void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
        void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

        public void Dispose() => _subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task ListReplayAndGetMany_SelectOnlyTheShownColumns_NeverTheRawDocument_WhileTheDrawerDoes()
    {
        var from = _app.Get<LiveFeed>().Head;
        var bulky = Enumerable.Range(0, 20).Select(i =>
        {
            var document = Documents.Alert("raw-" + i);
            document["padding"] = new string('x', 200_000);
            return document;
        }).ToArray();
        await Documents.PostAsync(_app.Client(), bulky);
        var queries = _app.Get<AlertQueries>();
        var ids = (await queries.ListAsync(Actor.System, AlertQuery.All, 100, null, CancellationToken.None)).Items.Select(a => a.Id).ToList();
        using var sql = new SqlCommands(_app.DataDirectory);
        sql.Recording = true;

        var listed = await queries.ListAsync(Actor.System, AlertQuery.All, 100, null, CancellationToken.None);
        using var api = await _app.Client().GetAsync("/api/v1/alerts?size=100");
        var many = await queries.GetManyAsync(Actor.System, ids, CancellationToken.None);
        var replayed = await _app.Get<FeedReader>().ReadAsync(from, long.MaxValue, 1000, CancellationToken.None);
        var hubItems = new ConcurrentQueue<string>();
        await using (var hub = _app.Hub())
        {
            hub.On<AlertFrame>("alerts", frame => frame.Items.ToList().ForEach(i => hubItems.Enqueue(i.DocumentId)));
            await hub.StartAsync();
            await hub.InvokeAsync("Resume", from);
        }
        var reads = sql.Texts.Where(t => t.Contains("FROM \"Alerts\"", StringComparison.Ordinal)).ToList();
        var detail = await queries.GetDetailAsync(Actor.System, ids[0], CancellationToken.None);
        sql.Recording = false;

        Assert.Equal(20, listed.Items.Count);
        Assert.True(api.IsSuccessStatusCode);
        Assert.Equal(ids.Order(), many.Select(a => a.Id).Order());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "raw-" + i), replayed.Select(c => c.Alert.DocumentId));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "raw-" + i), hubItems);
        // list (service and API), GetMany, replay (reader and hub): at least one read of the alerts each, none of the raw document.
        Assert.True(reads.Count >= 5, $"expected the alert reads to be seen, got {reads.Count}");
        Assert.All(reads, text => Assert.DoesNotContain("RawDocument", text, StringComparison.Ordinal));
        Assert.All(reads, text => Assert.Contains("\"RuleName\"", text, StringComparison.Ordinal));
        // The drawer is the one read that loads it, and the recorder sees that.
        Assert.Contains(new string('x', 200_000), detail!.RawJson, StringComparison.Ordinal);
        Assert.Contains(sql.Texts, text => text.Contains("\"RawDocument\"", StringComparison.Ordinal));
    }
}
