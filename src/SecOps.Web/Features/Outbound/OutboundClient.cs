using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// The one way SecOps sends requests out (PRODUCT.md's outbound rules): only to allowlisted hosts; every address is
/// checked at connect time, in the handler's connect callback, and the connection goes to exactly the address that was
/// checked, so a DNS answer that changes after an earlier check cannot slip an internal address in; no proxy (the
/// environment's is ignored); redirects are not followed by the handler but here, each only to an allowlisted host and
/// checked again; one timeout over the whole exchange; response bodies read up to a limit.
/// </summary>
public sealed class OutboundClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly IOptionsMonitor<OutboundOptions> _options;
    private readonly OutboundAllowlist _allowlist;
    private readonly IOutboundResolver _resolver;
    private readonly IOutboundDialer _dialer;
    private readonly ILogger<OutboundClient> _logger;

    public OutboundClient(IOptionsMonitor<OutboundOptions> options, OutboundAllowlist allowlist, IOutboundResolver resolver, IOutboundDialer dialer,
        ILogger<OutboundClient> logger)
    {
        (_options, _allowlist, _resolver, _dialer, _logger) = (options, allowlist, resolver, dialer, logger);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.CurrentValue.ConnectTimeout,
            // Connections are not kept long: a pooled connection was checked once, when it was opened.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 32,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>POSTs <paramref name="json"/> to <paramref name="target"/>; never throws for the remote side's doing.</summary>
    public Task<OutboundResult> PostJsonAsync(Uri target, byte[] json, CancellationToken cancellationToken) =>
        PostJsonAsync(target, json, null, cancellationToken);

    /// <summary>
    /// As <see cref="PostJsonAsync(Uri, byte[], CancellationToken)"/> with request headers (an API key, say), which are
    /// sent to <paramref name="target"/>'s host only: a redirect elsewhere goes without them.
    /// </summary>
    public async Task<OutboundResult> PostJsonAsync(Uri target, byte[] json, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        var uri = target;
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (await _allowlist.RefusalAsync(uri, deadline.Token) is { } refusal)
                {
                    return Refused(target, hop == 0 ? refusal : "redirected: " + refusal);
                }
                // An early check for a clear answer; the one that counts is repeated when connecting.
                if (await CheckNameAsync(uri, deadline.Token) is { } addressRefusal)
                {
                    return Refused(target, addressRefusal);
                }
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(json) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                if (headers is not null && OutboundAllowlist.Host(uri) == OutboundAllowlist.Host(target) && uri.Port == target.Port)
                {
                    foreach (var (name, value) in headers)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }
                }
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(uri, location);
                    if (hop >= options.MaxRedirects)
                    {
                        return Refused(target, $"redirect to {OutboundAllowlist.Host(next)} not followed (at most {options.MaxRedirects})");
                    }
                    if (uri.Scheme == "https" && next.Scheme != "https")
                    {
                        return Refused(target, "redirect from https to plain http not followed");
                    }
                    uri = next;
                    continue;
                }
                var body = await ReadAsync(response.Content, options.MaxResponseBytes, deadline.Token);
                return new OutboundResult(status, response.ReasonPhrase, body, false, null);
            }
        }
        catch (HttpRequestException e) when (Find<OutboundRefusal>(e) is { } refusal)
        {
            return Refused(target, refusal.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(target, $"no answer within {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Failed(target, e.HttpRequestError.ToString());
        }
    }

    private async Task<string?> CheckNameAsync(Uri uri, CancellationToken cancellationToken)
    {
        var host = OutboundAllowlist.Host(uri);
        var addresses = await ResolveAsync(host, cancellationToken);
        return addresses.Length == 0 ? $"{host} has no address"
            : addresses.Select(a => _allowlist.Refusal(host, a, uri.Port)).FirstOrDefault(r => r is not null);
    }

    /// <summary>
    /// The check that counts: resolve, refuse if any answer is internal, and dial exactly the checked addresses (the
    /// name is never handed to the socket, which would resolve it again).
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']').ToLowerInvariant();
        var port = context.DnsEndPoint.Port;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new OutboundRefusal($"{host} has no address");
        }
        foreach (var address in addresses)
        {
            if (_allowlist.Refusal(host, address, port) is { } refusal)
            {
                throw new OutboundRefusal(refusal);
            }
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await _dialer.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }
        try
        {
            return await _resolver.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static async Task<string> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var read = 0;
        while (read < limit && await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken) is var n && n > 0)
        {
            read += n;
        }
        // The rest is never read: the connection is dropped with the response.
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private OutboundResult Refused(Uri target, string why)
    {
        _logger.LogWarning("Outbound request to {Host} refused: {Why}", OutboundAllowlist.Host(target), why);
        return OutboundResult.Refusal(why);
    }

    private OutboundResult Failed(Uri target, string why)
    {
        _logger.LogWarning("Outbound request to {Host} failed: {Why}", OutboundAllowlist.Host(target), why);
        return OutboundResult.Failure(why);
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }
        return null;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Thrown inside the connect callback; surfaces wrapped in an <see cref="HttpRequestException"/>.</summary>
    private sealed class OutboundRefusal(string message) : Exception(message);
}
