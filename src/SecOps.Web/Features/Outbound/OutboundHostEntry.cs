using System.Globalization;
using System.Net;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// The form of an allowlist entry typed on <c>/admin/outbound</c>: <c>host</c>, <c>host:port</c> or <c>*.domain</c>
/// (with or without a port), as <see cref="OutboundAllowlist"/> matches them. Stored entries are stricter than configured
/// ones: a name with at least two labels (no bare <c>localhost</c> or intranet name), a wildcard over at least two
/// labels (no <c>*.com</c>), and no IP address (the address rules would refuse internal ones anyway, and a name says
/// which service was meant).
/// </summary>
public static class OutboundHostEntry
{
    public const int MaxLength = 260;

    private static readonly IdnMapping Idn = new();

    /// <summary>The entry as stored and matched (lower case, punycode), or the reason it is not one.</summary>
    public static (string? Entry, string? Problem) Normalize(string? text)
    {
        var entry = (text ?? "").Trim().ToLowerInvariant();
        if (entry.Length is 0 or > MaxLength)
        {
            return (null, $"Enter a host name such as hooks.example.com, hooks.example.com:8443 or *.example.com (at most {MaxLength} characters).");
        }
        if (entry.Contains("://", StringComparison.Ordinal))
        {
            return (null, "Enter the host name alone, without https:// or a path.");
        }
        if (IPAddress.TryParse(entry.Trim('[', ']'), out _))
        {
            return (null, "Enter the service's host name, not an IP address.");
        }
        string? port = null;
        var colon = entry.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                return (null, "A port is a number from 1 to 65535 after the host name.");
            }
            (entry, port) = (entry[..colon], number.ToString(CultureInfo.InvariantCulture));
        }
        var wildcard = entry.StartsWith("*.", StringComparison.Ordinal);
        var name = wildcard ? entry[2..] : entry;
        if (IPAddress.TryParse(name.Trim('[', ']'), out _))
        {
            return (null, "Enter the service's host name, not an IP address.");
        }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return (null, $"'{name}' is not a host name.");
        }
        var labels = ascii.Split('.');
        if (ascii.Length > 253 || labels.Any(l => !IsLabel(l)))
        {
            return (null, $"'{name}' is not a host name: letters, digits and hyphens in dot-separated parts.");
        }
        if (labels.Length < 2)
        {
            return (null, wildcard ? "A wildcard covers the subdomains of a domain of at least two parts, such as *.example.com." : "Enter a fully qualified host name, such as hooks.example.com.");
        }
        return ((wildcard ? "*." : "") + ascii + (port is null ? "" : ":" + port), null);
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
