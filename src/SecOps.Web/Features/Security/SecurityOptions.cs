using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Security;

/// <summary>Hardening knobs (<c>SecOps:Security</c>): which other origins may open the hub and the circuit, and message sizes.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string SectionName = "SecOps:Security";

    /// <summary>
    /// Origins besides the app's own (<c>https://soc.example.com</c>) whose pages may connect to <c>/hubs/soc</c> and <c>/_blazor</c>,
    /// e.g. another dashboard that embeds the live feed; an entry may list several separated by commas.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>The largest message a hub client may send. Clients send only <c>Resume(long)</c>, so this is generous.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxHubMessageBytes { get; set; } = 32 * 1024;

    /// <summary>The largest message a browser may send over its circuit (events, JS interop results; uploads are streamed).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxCircuitMessageBytes { get; set; } = 32 * 1024;

    public IReadOnlySet<string> Origins() => AllowedOrigins
        .SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(Normalise)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedOrigins.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                yield return new ValidationResult($"{SectionName}:AllowedOrigins: '{entry}' is not an origin (scheme://host[:port], no path).", [nameof(AllowedOrigins)]);
            }
        }
    }

    /// <summary>An origin as a browser sends it: scheme://host[:port] in lower case, the port only when not the scheme's default.</summary>
    public static string Normalise(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant() : origin.Trim().ToLowerInvariant();
}
