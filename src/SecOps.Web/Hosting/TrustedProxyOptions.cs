using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace SecOps.Web.Hosting;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. With none configured no forwarded
/// header is honoured (ASP.NET Core's own default would trust loopback). Each entry may list several values separated by
/// commas, so one environment variable can carry them all.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string SectionName = "SecOps:ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<string> Proxies => Split(KnownProxies);

    public IEnumerable<string> Networks => Split(KnownNetworks);

    public bool IsValid(out string error)
    {
        var badProxies = Proxies.Where(p => !IPAddress.TryParse(p, out _)).ToList();
        var badNetworks = Networks.Where(n => !IPNetwork.TryParse(n, out _)).ToList();
        error = badProxies.Count + badNetworks.Count == 0 ? ""
            : $"{SectionName}: not an IP address: [{string.Join(", ", badProxies)}]; not a CIDR network: [{string.Join(", ", badNetworks)}]";
        return error.Length == 0;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsValid(out var error))
        {
            yield return new ValidationResult(error, [nameof(KnownProxies), nameof(KnownNetworks)]);
        }
    }

    public bool Any => Proxies.Any() || Networks.Any();

    /// <summary>
    /// Only the configured sources, only the client address and scheme (host and path base stay the request's own). With
    /// no source the middleware processes no header at all: with empty lists it would otherwise trust every sender.
    /// </summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = Any ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in Proxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }
        foreach (var network in Networks)
        {
            if (IPNetwork.TryParse(network, out var parsed))
            {
                options.KnownIPNetworks.Add(parsed);
            }
        }
    }

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
