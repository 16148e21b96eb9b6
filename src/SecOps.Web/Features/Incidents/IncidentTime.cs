using System.Globalization;

namespace SecOps.Web.Features.Incidents;

/// <summary>Times on incident pages: UTC, to the second, the same for every viewer.</summary>
public static class IncidentTime
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
