using System.Globalization;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// The IANA time zones people choose from (<c>Europe/Berlin</c>, <c>America/New_York</c>; the system's tz database
/// through <see cref="TimeZoneInfo"/>) and how times are written in one. UTC is the default and the fallback for a
/// name this system does not know.
/// </summary>
public static class TimeZones
{
    public const string DefaultId = "UTC";

    private static readonly Lazy<IReadOnlyList<string>> AllIds = new(() =>
    {
        var ids = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == DefaultId);
        return ids.Append(DefaultId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    });

    /// <summary>Every zone id on offer, sorted.</summary>
    public static IReadOnlyList<string> Ids => AllIds.Value;

    /// <summary>The zone with that IANA name, or null when there is none (or the name is not one of ours to look up).</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }
        if (id == DefaultId)
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The zone with that name, UTC when there is none.</summary>
    public static TimeZoneInfo FindOrUtc(string? id) => Find(id) ?? TimeZoneInfo.Utc;

    /// <summary>The name shown for a zone: its IANA id, and UTC as "UTC".</summary>
    public static string Name(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc || zone.Id is "Etc/UTC" ? DefaultId : zone.Id;

    /// <summary>An instant as a date and time in the zone: <c>2026-11-25 13:04:05</c>.</summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An instant with its offset and zone, for a title: <c>2026-11-25 13:04:05 +01:00 (Europe/Berlin)</c>.</summary>
    public static string FormatFull(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) + " (" + Name(zone) + ")";
}
