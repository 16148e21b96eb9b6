using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// Decides where outbound requests may go: the URL's host and port against the administrators' allowlist (the
/// configured <see cref="OutboundOptions.AllowedHosts"/> and the entries kept in the store), and each address a name
/// resolves to against <see cref="OutboundAddresses"/> (with the one exception of a code-registered <see cref="LoopbackReceiver"/>).
/// </summary>
public sealed class OutboundAllowlist(IOptionsMonitor<OutboundOptions> options, IOutboundHostStore stored, IEnumerable<LoopbackReceiver> receivers)
{
    private readonly LoopbackReceiver[] _receivers = [.. receivers];

    /// <summary>Why a request to <paramref name="target"/> is not made, or null when its host and port are allowlisted (configured or stored).</summary>
    public async Task<string?> RefusalAsync(Uri target, CancellationToken cancellationToken) =>
        Refusal(target, await stored.EntriesAsync(cancellationToken));

    /// <summary>As <see cref="RefusalAsync"/>, with the stored entries given.</summary>
    public string? Refusal(Uri target, IReadOnlyList<string> storedEntries)
    {
        if (!target.IsAbsoluteUri || target.Scheme is not ("https" or "http"))
        {
            return "only http and https URLs are sent";
        }
        if (target.UserInfo.Length > 0)
        {
            return "URLs with credentials in them are not sent";
        }
        var host = Host(target);
        var receiver = _receivers.FirstOrDefault(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase) && r.Endpoint.Port == target.Port);
        if (receiver is { OnAllowlist: true })
        {
            return null;
        }
        var current = options.CurrentValue;
        // A loopback receiver speaks plain http; only its host's place on the allowlist is still in question.
        if (target.Scheme == "http" && !current.AllowPlainHttp && receiver is null)
        {
            return "plain http is not allowed (SecOps:Outbound:AllowPlainHttp)";
        }
        return current.AllowedHosts.Concat(storedEntries).Any(entry => Matches(entry, host, target.Port, target.Scheme))
            ? null
            : $"{host}:{target.Port.ToString(CultureInfo.InvariantCulture)} is not on the outbound allowlist";
    }

    /// <summary>Why <paramref name="address"/> (which <paramref name="host"/> resolved to) may not be dialled, or null.</summary>
    public string? Refusal(string host, IPAddress address, int port) =>
        _receivers.Any(r => r.Admits(host, address, port)) ? null : OutboundAddresses.Refusal(address);

    /// <summary>The host as DNS sees it: lower case, punycode for international names, no brackets around IPv6.</summary>
    public static string Host(Uri target) => target.IdnHost.Trim('[', ']').ToLowerInvariant();

    private static bool Matches(string entry, string host, int port, string scheme)
    {
        var text = entry.Trim().ToLowerInvariant();
        int? entryPort = null;
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            (text, entryPort) = (text[..colon], parsed);
        }
        var portOk = entryPort is { } p ? p == port : port == (scheme == "https" ? 443 : 80);
        if (!portOk || text.Length == 0)
        {
            return false;
        }
        return text.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(text[1..], StringComparison.Ordinal) && host.Length > text.Length - 1
            : host == text;
    }
}
