using System.Globalization;
using System.Text.RegularExpressions;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// A time window as the URL carries it: each end is relative (<c>now</c>, <c>now-15m</c>, <c>now-24h</c>, <c>now-7d</c>)
/// or an absolute instant (ISO 8601, normalised to UTC <c>2026-11-25T08:00:00Z</c>); a missing end is open. Both ends are
/// inclusive. An upper end of <c>now</c> is kept open, so an alert stamped a moment ahead of this server's clock still
/// shows. Relative ends are resolved each time the window is applied, so a live board's "last 15 minutes" moves with time.
/// </summary>
public sealed partial record TimeRange(string? From, string? To)
{
    public static readonly TimeRange All = new(null, null);

    /// <summary>The relative presets the picker offers, with their labels.</summary>
    public static readonly IReadOnlyList<(TimeRange Range, string Label)> Presets =
    [
        (new("now-15m", null), "Last 15 minutes"),
        (new("now-1h", null), "Last 1 hour"),
        (new("now-24h", null), "Last 24 hours"),
        (new("now-7d", null), "Last 7 days"),
        (new("now-30d", null), "Last 30 days"),
        (All, "All time"),
    ];

    public bool IsAll => From is null && To is null;

    /// <summary>Whether both ends are absolute instants (or open): such a window does not move with time.</summary>
    public bool IsAbsolute => !IsRelative(From) && !IsRelative(To);

    /// <summary>
    /// The window the URL's <c>from</c> and <c>to</c> name, or why they do not name one. Empty values and a <c>to</c> of
    /// <c>now</c> are open ends; instants are normalised to UTC.
    /// </summary>
    public static (TimeRange? Range, string? Error) Parse(string? from, string? to, TimeProvider time)
    {
        if (!TryEndpoint(from, out var start))
        {
            return (null, $"“from” is not a time: use an ISO 8601 instant or now-<n>m|h|d.");
        }
        if (!TryEndpoint(to, out var end))
        {
            return (null, $"“to” is not a time: use an ISO 8601 instant, now or now-<n>m|h|d.");
        }
        var range = new TimeRange(start, string.Equals(end, "now", StringComparison.Ordinal) ? null : end);
        var (lower, upper) = range.Resolve(time);
        return lower > upper ? (null, "“from” is after “to”.") : (range, null);
    }

    /// <summary>The window's ends as instants at this moment (null for an open end).</summary>
    public (DateTimeOffset? From, DateTimeOffset? To) Resolve(TimeProvider time) => (At(From, time), At(To, time));

    /// <summary>How the picker names the window: a preset's label, or the ends in the given zone.</summary>
    public string Label(TimeZoneInfo zone)
    {
        foreach (var (range, label) in Presets)
        {
            if (range == this)
            {
                return label;
            }
        }
        var (from, to) = (Short(From, zone) ?? "Any time", Short(To, zone) ?? "now");
        // The same day on both ends is written once: "2026-11-25 08:00 → 18:00".
        return from.Length == 16 && to.Length == 16 && from[..11] == to[..11] ? $"{from} → {to[11..]}" : $"{from} → {to}";
    }

    /// <summary>
    /// One end typed by a person: empty (open), <c>now</c> or <c>now-2h</c>, an instant with an offset or <c>Z</c>, or a
    /// local date and time (<c>2026-11-25 08:00</c>, seconds optional) read in <paramref name="zone"/>. Returns the URL form.
    /// </summary>
    public static bool TryReadInput(string? text, TimeZoneInfo zone, out string? endpoint)
    {
        endpoint = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.StartsWith("now", StringComparison.OrdinalIgnoreCase))
        {
            return TryEndpoint(text.ToLowerInvariant(), out endpoint);
        }
        if (LocalFormats().IsMatch(text)
            && DateTime.TryParse(text.Replace('T', ' '), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
            {
                return false;
            }
            endpoint = Iso(new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)));
            return true;
        }
        return TryEndpoint(text, out endpoint);
    }

    /// <summary>An end as a person reads it in <paramref name="zone"/>: relative ends as typed, instants as local date and time.</summary>
    public static string? Describe(string? endpoint, TimeZoneInfo zone) =>
        endpoint is null ? null
        : IsRelative(endpoint) ? endpoint
        : DateTimeOffset.TryParse(endpoint, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : endpoint;

    // To the minute: the picker's button stays on one line (the dialog and the title show seconds).
    private static string? Short(string? endpoint, TimeZoneInfo zone) =>
        Describe(endpoint, zone) is { } text && !IsRelative(endpoint) && text.Length > 16 ? text[..16] : Describe(endpoint, zone);

    /// <summary>An instant as the URL carries it.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool TryEndpoint(string? text, out string? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        text = text.Trim();
        if (Relative().IsMatch(text))
        {
            endpoint = text.ToLowerInvariant();
            return true;
        }
        if (text.Length <= 40 && text[0] is >= '0' and <= '9'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            endpoint = Iso(at);
            return true;
        }
        return false;
    }

    private static bool IsRelative(string? endpoint) => endpoint?.StartsWith("now", StringComparison.Ordinal) == true;

    private static DateTimeOffset? At(string? endpoint, TimeProvider time)
    {
        if (endpoint is null)
        {
            return null;
        }
        if (!IsRelative(endpoint))
        {
            return DateTimeOffset.Parse(endpoint, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }
        var now = time.GetUtcNow();
        if (endpoint.Length == 3)
        {
            return now;
        }
        var amount = int.Parse(endpoint.AsSpan(4, endpoint.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture);
        return endpoint[^1] switch
        {
            'm' => now.AddMinutes(-amount),
            'h' => now.AddHours(-amount),
            _ => now.AddDays(-amount),
        };
    }

    // At most 100,000 units, as the query language's @timestamp ranges take.
    [GeneratedRegex("^now(-(100000|[0-9]{1,5})[mhd])?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalFormats();
}
