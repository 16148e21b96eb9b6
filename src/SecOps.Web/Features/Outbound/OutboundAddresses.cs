using System.Net;
using System.Net.Sockets;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// The addresses no outbound request may reach, whatever name led there: this host, private and shared networks,
/// link-local (the cloud metadata service at 169.254.169.254), multicast, reserved and documentation ranges, and their
/// IPv6 forms (IPv4-mapped and -compatible addresses are judged as the IPv4 address they carry; NAT64 and 6to4 prefixes,
/// which embed IPv4 addresses, are refused outright).
/// </summary>
public static class OutboundAddresses
{
    private static readonly IPNetwork[] Refused =
    [
        // IPv4
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        // IPv6 (::ffff:0:0/96 and ::/96 are unwrapped to IPv4 before these are consulted)
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Why the address may not be reached, or null when it may.</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "not an IP address";
        }
        var judged = Unwrap(address);
        foreach (var network in Refused)
        {
            if (network.BaseAddress.AddressFamily == judged.AddressFamily && network.Contains(judged))
            {
                return $"{address} is an internal or reserved address ({network})";
            }
        }
        return null;
    }

    /// <summary>An IPv4 address carried in IPv6 (::ffff:a.b.c.d, or the deprecated ::a.b.c.d) as that IPv4 address.</summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            // ::a.b.c.d (IPv4-compatible): twelve zero bytes, then a non-zero IPv4 address other than ::1.
            if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
            {
                return new IPAddress(bytes.AsSpan(12, 4));
            }
        }
        return address;
    }
}
