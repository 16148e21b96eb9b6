using System.Text.Json.Nodes;
using SecOps.IntegrationTests.Support;

namespace SecOps.BrowserTests.Support;

/// <summary>
/// Posts alerts to the app on loopback at a steady rate, one request at a time, in the background: bounded in count and
/// in time, and stops by itself. Alert times rise strictly with each alert (a millisecond apart from a base), so the
/// order the store commits them is also their order by time. <see cref="PauseAsync"/> returns once the request in flight
/// has been answered, so everything posted so far is committed.
/// </summary>
public sealed class AlertPoster : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _rule;
    private readonly int _perBatch;
    private readonly int _maxAlerts;
    private readonly TimeSpan _maxTime;
    private readonly TimeSpan _period;
    private readonly DateTimeOffset _base;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Task? _loop;
    private bool _paused;

    public AlertPoster(HttpClient client, string rule, int perSecond, int maxAlerts, TimeSpan maxTime, DateTimeOffset @base)
    {
        _client = client;
        _rule = rule;
        // Twenty requests a second: small enough batches that a load always has some arriving during it.
        _perBatch = Math.Max(1, perSecond / 20);
        _period = TimeSpan.FromSeconds(1.0 / 20);
        _maxAlerts = maxAlerts;
        _maxTime = maxTime;
        _base = @base;
    }

    public int Posted { get; private set; }

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Stops posting; returns when the request in flight (if any) has been answered by the app.</summary>
    public async Task PauseAsync()
    {
        await _turn.WaitAsync();
        _paused = true;
        _turn.Release();
    }

    public void Resume() => _paused = false;

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_period);
        var started = DateTimeOffset.UtcNow;
        while (Posted < _maxAlerts && DateTimeOffset.UtcNow - started < _maxTime && await timer.WaitForNextTickAsync(_stop.Token))
        {
            await _turn.WaitAsync(_stop.Token);
            try
            {
                if (_paused)
                {
                    continue;
                }
                var batch = new JsonObject[_perBatch];
                for (var i = 0; i < batch.Length; i++)
                {
                    var n = Posted + i;
                    batch[i] = Documents.Alert(rule: $"{_rule} {n}", at: _base.AddMilliseconds(n));
                }
                await Documents.PostAsync(_client, batch);
                Posted += batch.Length;
            }
            finally
            {
                _turn.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }
}
