using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// Where SecOps may send requests of its own (webhook steps, chat notifications): only to the administrator's
/// allowlist, and never to an internal address whatever a name resolves to (see <see cref="OutboundAddresses"/>).
/// </summary>
public sealed class OutboundOptions
{
    public const string SectionName = "SecOps:Outbound";

    /// <summary>
    /// Host names requests may go to: <c>hooks.example.com</c> (port 443, or 80 with <see cref="AllowPlainHttp"/>),
    /// <c>hooks.example.com:8443</c>, or <c>*.example.com</c> for its subdomains (not itself). Empty: nothing goes out.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Plain http (port 80) to allowlisted hosts; off, so payloads travel over TLS only.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>The whole exchange, redirects included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is kept of a response body; the rest is not read.</summary>
    [Range(0, 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 16 * 1024;

    /// <summary>Redirects followed, each only to an allowlisted host and checked again at connect time; 0 follows none.</summary>
    [Range(0, 5)]
    public int MaxRedirects { get; set; } = 3;
}
