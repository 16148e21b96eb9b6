using System.Globalization;

namespace SecOps.Web.Features.Incidents;

/// <summary>Times on incident pages: UTC, to the second, the same for every viewer.</summary>
public static class IncidentTime
{
    private static readonly string[] UtcForms = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>How a time is offered in a form field (what <see cref="TryParse"/> reads back).</summary>
    public static string Input(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A time people type: <c>2026-11-25 08:00</c> (seconds optional) in UTC, as every incident page shows times, or an
    /// ISO 8601 instant with its offset (<c>2026-11-25T09:00:00+01:00</c>, <c>…Z</c>).
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset at)
    {
        var value = (text ?? "").Trim();
        if (value.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^4].TrimEnd();
        }
        if (DateTime.TryParseExact(value, UtcForms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            at = new DateTimeOffset(utc, TimeSpan.Zero);
            return true;
        }
        var hasOffset = value.EndsWith('Z') || value.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(value, @"[+-]\d{2}:?\d{2}$");
        if (value.Contains('T') && hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            at = instant.ToUniversalTime();
            return true;
        }
        at = default;
        return false;
    }
}
