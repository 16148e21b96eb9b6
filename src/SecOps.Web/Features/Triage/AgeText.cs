namespace SecOps.Web.Features.Triage;

/// <summary>Short relative ages ("now", "42s", "5m", "3h", "2d"); the board's script uses the same steps.</summary>
public static class AgeText
{
    public static string Format(TimeSpan age) => age switch
    {
        { TotalSeconds: < 5 } => "now",
        { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)age.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
