using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.OnCall;

/// <summary>One team's rota as the page shows it: on duty now, the next shifts, the escalation chain.</summary>
public sealed record OnCallTeamView(string Team, string TimeZone, OnCallShift? Current, IReadOnlyList<OnCallShift> Upcoming, IReadOnlyList<string> Chain);

/// <summary>
/// Who is on call, per team, on the app's clock. Automation asks it whom to assign (<c>AssignTo: "on-call:TEAM"</c>);
/// people read it through <see cref="ReadAsync"/> (everyone who reads incidents).
/// </summary>
public sealed class OnCallRota(IOptions<OnCallOptions> options, TimeProvider time, AccessGuard access)
{
    public const string AssigneePrefix = "on-call:";

    private readonly IReadOnlyList<OnCallSchedule> _schedules = [.. options.Value.Teams.Select(t => new OnCallSchedule(t))];

    /// <summary>The person on duty for <paramref name="team"/> now, or null (no such team, or its rota has not started).</summary>
    public string? OnDuty(string team) => Schedule(team)?.At(time.GetUtcNow())?.Person;

    /// <summary>An automation assignee: <c>on-call:TEAM</c> becomes whoever is on duty; any other name is itself.</summary>
    public string? Resolve(string assignee) => assignee.StartsWith(AssigneePrefix, StringComparison.OrdinalIgnoreCase)
        ? OnDuty(assignee[AssigneePrefix.Length..])
        : assignee;

    /// <summary>The team's escalation chain now: whoever is on duty, then the escalation list (each person once); empty for an unknown team.</summary>
    public IReadOnlyList<string> Chain(string team) => Schedule(team) is { } s ? s.Chain(s.At(time.GetUtcNow())) : [];

    /// <summary>The chain that began with <paramref name="first"/> (paged on duty then), whoever is on duty now.</summary>
    public IReadOnlyList<string> ChainFrom(string team, string first) =>
        Schedule(team) is { } s ? s.Chain(new OnCallShift(s.Team, first, default, default)) : [first];

    public async Task<IReadOnlyList<OnCallTeamView>> ReadAsync(Actor actor, int shifts, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "oncall.read", null, cancellationToken);
        var now = time.GetUtcNow();
        return [.. _schedules.Select(s =>
        {
            var current = s.At(now);
            return new OnCallTeamView(s.Team, s.Zone.Id, current, s.From(now, shifts + (current is null ? 0 : 1)).Skip(current is null ? 0 : 1).ToList(), s.Chain(current));
        })];
    }

    private OnCallSchedule? Schedule(string team) => _schedules.FirstOrDefault(s => string.Equals(s.Team, team, StringComparison.OrdinalIgnoreCase));
}
