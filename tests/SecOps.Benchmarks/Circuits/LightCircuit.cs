using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// A Blazor Server circuit without a browser: it reads the prerendered page's component markers, opens <c>/_blazor</c>
/// with the "blazorpack" protocol, starts the circuit and adds the root components as blazor.web.js does, then
/// acknowledges every render batch and answers every JS interop call with a plausible empty result. It runs no JS
/// and keeps no DOM: of a render batch it only looks for alert numbers (<see cref="MarkerScan"/>). What a browser's JS
/// would report back it reports only for the virtualized list (one "spacer before is visible" with the list's height,
/// so the board draws the rows a browser of that height would), not for clicks, scrolls or focus.
/// </summary>
public sealed partial class LightCircuit : IAsyncDisposable
{
    /// <summary>Every JS identifier the circuits were asked to call, with a count: what the board needs from a browser.</summary>
    public static readonly ConcurrentDictionary<string, int> JsCalls = new();

    private readonly HubConnection _connection;
    private readonly BoardArrivals _arrivals;
    private readonly float _listHeight;
    private readonly ulong[] _seen;
    private int _nextJsObject;
    private int _nextCall;
    private int _seenCount;
    private int _measuredSeen;
    private string? _error;

    private LightCircuit(HubConnection connection, BoardArrivals arrivals, float listHeight)
    {
        _connection = connection;
        _arrivals = arrivals;
        _listHeight = listHeight;
        _seen = new ulong[(arrivals.Capacity + 63) / 64];
    }

    /// <summary>Distinct alerts this board has drawn.</summary>
    public int Seen => Volatile.Read(ref _seenCount);

    /// <summary>Distinct measured alerts (see <see cref="BoardArrivals.Measure"/>) this board has drawn.</summary>
    public int MeasuredSeen => Volatile.Read(ref _measuredSeen);

    public int RenderBatches { get; private set; }

    /// <summary>The server's <c>JS.Error</c> or the connection's closing error, if any.</summary>
    public string? Error => Volatile.Read(ref _error);

    [GeneratedRegex("\"__dotNetObject\":(\\d+)")]
    private static partial Regex DotNetObject();

    /// <summary>GETs <paramref name="path"/> with the signed-in client, then opens its circuit; returns once the root components are added.</summary>
    public static async Task<LightCircuit> OpenAsync(HttpClient http, CookieContainer cookies, string path, float listHeight, BoardArrivals arrivals)
    {
        var baseAddress = http.BaseAddress!;
        var html = await http.GetStringAsync(path);
        var page = PrerenderedPage.Parse(html);
        if (page.ServerComponents.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no interactive server component markers (signed out?).");
        }
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "_blazor"), HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = true;
            o.Cookies = cookies;
            o.Headers["Origin"] = baseAddress.GetLeftPart(UriPartial.Authority);
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var circuit = new LightCircuit(builder.Build(), arrivals, listHeight);
        circuit.Listen();
        await circuit._connection.StartAsync();
        var secret = await circuit._connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), new Uri(baseAddress, path).ToString(), "[]", page.ApplicationState);
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException($"StartCircuit refused: {circuit.Error ?? "no circuit id"}");
        }
        await circuit._connection.SendAsync("UpdateRootComponents", page.AddOperations(), page.ApplicationState);
        return circuit;
    }

    private void Listen()
    {
        _connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], args =>
        {
            var batchId = (long)args[0]!;
            var bytes = (byte[])args[1]!;
            RenderBatches++;
            _arrivals.Batch(bytes.Length);
            var at = 0.0;
            MarkerScan.Numbers(bytes, number =>
            {
                if ((uint)number < (uint)_arrivals.Capacity && (_seen[number >> 6] & (1UL << number)) == 0)
                {
                    _seen[number >> 6] |= 1UL << number;
                    _seenCount++;
                    if (_arrivals.IsMeasured(number))
                    {
                        _measuredSeen++;
                    }
                    _arrivals.Arrived(number, at = at > 0 ? at : BoardArrivals.NowMs());
                }
            });
            // As blazor.web.js does once a batch is applied: the server holds further batches until it is acknowledged.
            return _connection.SendAsync("OnRenderCompleted", batchId, null);
        });
        _connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)],
            args => AnswerJsAsync((long)args[0]!, (string)args[1]!, (string)args[2]!, (int)args[3]!));
        _connection.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], _ => Task.CompletedTask);
        _connection.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        _connection.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        _connection.On("JS.Error", [typeof(string)], args =>
        {
            Interlocked.CompareExchange(ref _error, (string?)args[0] ?? "JS.Error", null);
            return Task.CompletedTask;
        });
        _connection.Closed += error =>
        {
            Interlocked.CompareExchange(ref _error, error?.Message ?? "closed by the server", null);
            return Task.CompletedTask;
        };
    }

    private async Task AnswerJsAsync(long asyncHandle, string identifier, string argsJson, int resultType)
    {
        JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (identifier == "Blazor._internal.Virtualize.init" && DotNetObject().Match(argsJson) is { Success: true } helper)
        {
            // What Virtualize's IntersectionObserver reports first in a browser: the spacer before the rows is visible at
            // the top of a list this high, so the component draws as many rows as fit (plus its overscan).
            var callId = Interlocked.Increment(ref _nextCall).ToString(CultureInfo.InvariantCulture);
            await _connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "OnSpacerBeforeVisible",
                long.Parse(helper.Groups[1].Value, CultureInfo.InvariantCulture), $"[0,0,{_listHeight.ToString(CultureInfo.InvariantCulture)}]");
        }
        if (asyncHandle == 0)
        {
            return;
        }
        // JSCallResultType: 1 is a JS object reference (a module import), 3 a void call; others get what the board reads:
        // attach calls return a number (the attachment's id), everything else undefined.
        var result = resultType switch
        {
            1 => $"{{\"__jsObjectId\":{Interlocked.Increment(ref _nextJsObject)}}}",
            _ when identifier.StartsWith("attach", StringComparison.Ordinal) => Interlocked.Increment(ref _nextJsObject).ToString(CultureInfo.InvariantCulture),
            // MudBlazor asks how many popover providers the page has; the layout has one.
            _ when identifier == "mudpopoverHelper.countProviders" => "1",
            _ => "null",
        };
        await _connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,{result}]");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
