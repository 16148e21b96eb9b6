using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecOps.Web.Features.Alerts;

/// <summary>
/// IP addresses as one sortable value, the way Elasticsearch's <c>ip</c> type keeps them: 128 bits, an IPv4 address as
/// its IPv4-mapped IPv6 form (<c>1.2.3.4</c> is <c>::ffff:1.2.3.4</c>), so a CIDR range is one range in either family.
/// The store keeps it as 32 lowercase hex digits (<see cref="Of"/>), whose text order is the numeric order; the live
/// matcher parses with the same rules, so both agree on what is an address. Parsing is strict: dotted quads with four
/// decimal parts and no leading zeros (no <c>1.2.3</c>, <c>0x7f.1</c> or octal), IPv6 without zone or brackets.
/// </summary>
public static class IpKey
{
    public const int Length = 32;

    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    /// <summary>The stored key: null without a value, "" for a value that is not an address (it sorts below every key).</summary>
    public static string? Of(string? text) => text is null ? null : TryParse(text, out var value) ? Format(value) : "";

    public static string Format(UInt128 value) => value.ToString("x32", CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = default;
        if (text.Length is 0 or > 45)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.'))
            {
                return false;
            }
        }
        if (!text.Contains(':'))
        {
            return TryParseV4(text, out var v4) && Set(MappedPrefix | v4, out value);
        }
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId != 0)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }

    /// <summary>
    /// An address (a range of one) or a CIDR range <c>address/prefix</c>; an IPv4 prefix counts in IPv4 bits (0 to 32) and
    /// host bits set in the address are ignored, as Elasticsearch does. Null when it is neither, with why.
    /// </summary>
    public static (UInt128 First, UInt128 Last)? TryRange(string text, out string? error)
    {
        error = null;
        var slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        if (!TryParse(address, out var value))
        {
            error = $"'{address}' is not an IPv4 or IPv6 address";
            return null;
        }
        if (slash < 0)
        {
            return (value, value);
        }
        var v4 = !address.Contains(':');
        var max = v4 ? 32 : 128;
        var bits = text.AsSpan(slash + 1);
        if (bits.Length is 0 or > 3 || !int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > max
            || (bits.Length > 1 && bits[0] == '0'))
        {
            error = $"the prefix length after '/' is a number from 0 to {max}";
            return null;
        }
        var length = v4 ? prefix + 96 : prefix;
        var host = length == 128 ? UInt128.Zero : UInt128.MaxValue >> length;
        return (value & ~host, value | host);
    }

    private static bool TryParseV4(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = 0;
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }
            value = (value << 8) | (uint)octet;
        }
        return parts == 4;
    }

    private static bool Set(UInt128 from, out UInt128 value)
    {
        value = from;
        return true;
    }
}
