using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SecOps.IntegrationTests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> took: path, content type and body as received.</summary>
public sealed record ReceivedRequest(string Method, string Path, string? ContentType, string Body, string? Authorization = null);

/// <summary>
/// A real HTTP receiver on loopback (a free port) standing in for a chat service or a webhook endpoint: records every
/// request; <c>/redirect?to=URL</c> answers 307 to that URL; <c>/big</c> answers with a body larger than any limit.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Arrivals<ReceivedRequest> Requests { get; } = new();

    public IPEndPoint Endpoint { get; private set; } = null!;

    /// <summary>When set and it returns JSON for a request, the receiver answers 200 with it (a MISP instance, say).</summary>
    public Func<ReceivedRequest, string?>? JsonAnswer { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var received = new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.ContentType, body,
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null);
            receiver.Requests.Add(received);
            if (receiver.JsonAnswer?.Invoke(received) is { } json)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
                return;
            }
            if (context.Request.Path == "/redirect")
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = context.Request.Query["to"].ToString();
                return;
            }
            if (context.Request.Path == "/big")
            {
                await context.Response.WriteAsync(new string('x', 1024 * 1024));
                return;
            }
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            await context.Response.WriteAsync("accepted");
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        receiver.Endpoint = new IPEndPoint(IPAddress.Loopback, new Uri(address).Port);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
