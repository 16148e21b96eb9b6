using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Outbound;

namespace SecOps.Web.Features.ThreatIntel;

/// <summary>One MISP attribute matching an observable: its event's title, category, type and whether it is meant for detection (<c>to_ids</c>).</summary>
public sealed record ThreatIntelHit(string Value, string Type, string Category, bool ToIds, string? EventInfo);

/// <summary>What the provider said about one value: its hits, or why there was no answer.</summary>
public sealed record ThreatIntelAnswer(string Value, IReadOnlyList<ThreatIntelHit> Hits, string? Error)
{
    public bool Answered => Error is null;
}

/// <summary>
/// The threat-intelligence provider seam, MISP behind it: <c>POST {Url}/attributes/restSearch</c> with the exact value
/// (never a pattern or query text), through the <see cref="OutboundClient"/> (allowlisted host checked at connect time,
/// no proxy, no redirect elsewhere, time and size limits). Whatever MISP answers is data to show as text.
/// </summary>
public sealed class MispLookup(OutboundClient outbound, IOptionsMonitor<ThreatIntelOptions> options, ILogger<MispLookup> logger)
{
    public bool Configured => options.CurrentValue.Misp.Url is not null && !string.IsNullOrEmpty(options.CurrentValue.Misp.ApiKey);

    /// <summary>The MISP host's name, for timelines and audit records.</summary>
    public string Provider => options.CurrentValue.Misp.Url is { } url ? "MISP at " + OutboundAllowlist.Host(url) : "MISP";

    public async Task<ThreatIntelAnswer> LookUpAsync(string value, CancellationToken cancellationToken)
    {
        var misp = options.CurrentValue.Misp;
        if (misp.Url is null || string.IsNullOrEmpty(misp.ApiKey))
        {
            return new(value, [], "no threat-intelligence provider is configured");
        }
        var target = new Uri(misp.Url, "attributes/restSearch");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { value, returnFormat = "json", limit = Math.Clamp(misp.Limit, 1, 100), includeEventTags = false });
        var headers = new Dictionary<string, string> { ["Authorization"] = misp.ApiKey, ["Accept"] = "application/json" };
        var result = await outbound.PostJsonAsync(target, body, headers, cancellationToken);
        if (!result.Succeeded)
        {
            return new(value, [], result.Summary);
        }
        try
        {
            var parsed = JsonSerializer.Deserialize<RestSearchResponse>(result.Body);
            return new(value, [.. (parsed?.Response?.Attributes ?? []).Select(a => new ThreatIntelHit(a.Value ?? value, a.Type ?? "", a.Category ?? "", a.ToIds, a.Event?.Info))], null);
        }
        catch (JsonException e)
        {
            // A truncated (size-limited) or foreign answer: said plainly, nothing guessed from it.
            logger.LogWarning("MISP answered with JSON that could not be read: {Message}", e.Message);
            return new(value, [], "the answer was not MISP's restSearch JSON (or was cut at the size limit)");
        }
    }

    private sealed record RestSearchResponse([property: JsonPropertyName("response")] RestSearchBody? Response);

    private sealed record RestSearchBody([property: JsonPropertyName("Attribute")] IReadOnlyList<MispAttribute>? Attributes);

    private sealed record MispAttribute(
        [property: JsonPropertyName("value")] string? Value,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("category")] string? Category,
        [property: JsonPropertyName("to_ids")] bool ToIds,
        [property: JsonPropertyName("Event")] MispEvent? Event);

    private sealed record MispEvent([property: JsonPropertyName("info")] string? Info);
}
