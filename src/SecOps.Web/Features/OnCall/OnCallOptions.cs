using System.Globalization;

namespace SecOps.Web.Features.OnCall;

/// <summary>
/// The on-call rota (<c>SecOps:OnCall:Teams</c>): per team, who takes turns, at which local times of day duty is handed
/// over, from which date, and who is next in the escalation chain. Configuration, not the store: a rota changes with a
/// deployment's staffing plan and is reviewed like the rest of the configuration.
/// </summary>
public sealed class OnCallOptions
{
    public const string SectionName = "SecOps:OnCall";

    public List<OnCallTeam> Teams { get; set; } = [];

    /// <summary>Why the rota is unusable, or null.</summary>
    public string? Problem()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var team in Teams)
        {
            if (string.IsNullOrWhiteSpace(team.Name) || !names.Add(team.Name))
            {
                return "Each on-call team needs a name of its own.";
            }
            if (team.Problem() is { } problem)
            {
                return $"On-call team '{team.Name}': {problem}";
            }
        }
        return null;
    }
}

public sealed class OnCallTeam
{
    public string Name { get; set; } = "";

    /// <summary>The IANA time zone the hand-over times are in (e.g. <c>Europe/Berlin</c>); they stay at that wall-clock time across daylight saving changes.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Local times of day duty changes hands ("08:00", "20:00"): each hand-over passes duty to the next person.</summary>
    // No default: configuration binding appends to a list's defaults instead of replacing them.
    public List<string> HandOvers { get; set; } = [];

    /// <summary>The local date of the first hand-over (to <c>People[0]</c> at the first time of <see cref="HandOvers"/>).</summary>
    public DateOnly Start { get; set; }

    /// <summary>User names (or emails) in turn order.</summary>
    public List<string> People { get; set; } = [];

    /// <summary>Who is told next when the person on duty does not acknowledge, in order.</summary>
    public List<string> Escalation { get; set; } = [];

    internal string? Problem()
    {
        if (People.Count == 0 || People.Any(string.IsNullOrWhiteSpace))
        {
            return "People lists who takes turns (at least one name).";
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            return $"TimeZone '{TimeZone}' is not a known time zone id.";
        }
        if (HandOvers.Count == 0 || HandOvers.Any(h => !TimeOnly.TryParseExact(h, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return "HandOvers lists local times of day as HH:mm (at least one).";
        }
        return HandOvers.Distinct().Count() != HandOvers.Count ? "Each hand-over time is listed once." : null;
    }
}
