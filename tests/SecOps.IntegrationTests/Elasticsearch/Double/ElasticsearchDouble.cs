using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// An in-memory stand-in for an Elasticsearch 8 node, served by real Kestrel on 127.0.0.1 so a client's handlers,
/// resilience pipeline and TLS run as they would against a cluster. It models what SecOps relies on (see
/// <see cref="DoubleSearch"/>), lets a test control when writes become searchable, and injects faults.
/// </summary>
public sealed class ElasticsearchDouble : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ElasticsearchDouble(WebApplication app, DoubleStore store)
    {
        _app = app;
        Store = store;
    }

    public DoubleStore Store { get; }
    public DoubleFaults Faults { get; } = new();
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    public Uri Uri { get; private set; } = null!;
    public string Version { get; set; } = "8.17.0";

    /// <summary>Runs before each request is answered (before faults), so a test can change documents between a client's read and its write.</summary>
    public Action<HttpContext>? OnRequest { get; set; }

    /// <summary>
    /// Chooses a fault for one request by what it asks (null: none), before the queued <see cref="Faults"/>; for faults meant
    /// for one kind of call while others (a tail's polls) go on.
    /// </summary>
    public Func<HttpContext, DoubleFault?>? FaultFor { get; set; }

    /// <summary>When set, a request whose Authorization header differs gets 401 security_exception.</summary>
    public string? RequiredAuthorization { get; set; }

    public TimeProvider Time { get; private set; } = TimeProvider.System;

    /// <summary>Starts on a free loopback port; with a certificate it serves HTTPS.</summary>
    public static async Task<ElasticsearchDouble> StartAsync(TimeProvider? time = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var store = new DoubleStore(time ?? TimeProvider.System);
        var node = new ElasticsearchDouble(app, store) { Time = time ?? TimeProvider.System };
        app.Use(node.InterceptAsync);
        DoubleEndpoints.Map(app, node);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        node.Uri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return node;
    }

    /// <summary>Makes every write so far searchable, like <c>POST /_refresh</c>.</summary>
    public void Refresh() => Store.Refresh();

    public void Index(string index, string id, JsonObject document, bool refresh = false)
    {
        Store.Write(index, id, document, onlyCreate: false);
        if (refresh)
        {
            Store.Refresh(index);
        }
    }

    public int CountRequests(string pathContains) => Requests.Count(r => r.Path.Contains(pathContains, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task InterceptAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            OnRequest?.Invoke(context);
            if (FaultFor?.Invoke(context) is { } chosen && !await ApplyAsync(chosen, context))
            {
                return;
            }
            if (Faults.TryTake(out var fault) && fault is not null && !await ApplyAsync(fault, context))
            {
                return;
            }
            if (RequiredAuthorization is not null && context.Request.Headers.Authorization != RequiredAuthorization)
            {
                await DoubleEndpoints.WriteErrorAsync(context, Unauthorized(context));
                return;
            }
            await next(context);
        }
        finally
        {
            Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.FirstOrDefault(), Time.GetUtcNow(), context.Response.StatusCode));
        }
    }

    /// <summary>Answers with the fault, or returns true when the request should go on to its endpoint.</summary>
    private async Task<bool> ApplyAsync(DoubleFault fault, HttpContext context)
    {
        switch (fault.Kind)
        {
            case DoubleFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await DoubleEndpoints.WriteErrorAsync(context, new DoubleError(429, "es_rejected_execution_exception",
                    "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]"));
                return false;
            case DoubleFaultKind.ServiceUnavailable:
                await DoubleEndpoints.WriteErrorAsync(context, new DoubleError(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];"));
                return false;
            case DoubleFaultKind.Hang:
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
                return true;
            case DoubleFaultKind.MalformedBody:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"took\": 1, \"timed_out\": false, \"hits\": {\"hits\": [{\"_id\": ");
                return false;
            case DoubleFaultKind.Unauthorized:
                await DoubleEndpoints.WriteErrorAsync(context, Unauthorized(context));
                return false;
            default:
                context.Items[DoubleEndpoints.ShardFailureKey] = true;
                return true;
        }
    }

    private static DoubleError Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = new(["Basic realm=\"security\", charset=\"UTF-8\"", "Bearer realm=\"security\"", "ApiKey"]);
        return new DoubleError(401, "security_exception", $"missing authentication credentials for REST request [{context.Request.Path}{context.Request.QueryString}]",
            new JsonObject { ["header"] = new JsonObject { ["WWW-Authenticate"] = new JsonArray("Basic realm=\"security\", charset=\"UTF-8\"", "Bearer realm=\"security\"", "ApiKey") } });
    }
}
