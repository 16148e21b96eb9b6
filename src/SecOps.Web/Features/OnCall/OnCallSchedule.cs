using System.Globalization;

namespace SecOps.Web.Features.OnCall;

/// <summary>One person's turn on duty: from a hand-over to the next.</summary>
public sealed record OnCallShift(string Team, string Person, DateTimeOffset From, DateTimeOffset Until);

/// <summary>
/// The rota's arithmetic. Hand-over <c>k</c> is on local day <c>Start + k / n</c> at <c>HandOvers[k % n]</c> and gives duty
/// to <c>People[k % People.Count]</c>. Each hand-over's wall-clock time is turned into an instant on its own day, so
/// daylight saving changes move the instant, not the local time. A hand-over inside the spring-forward gap happens when
/// the clock jumps; one in the repeated autumn hour happens the first time the clock shows it.
/// </summary>
public sealed class OnCallSchedule
{
    private readonly OnCallTeam _team;
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly[] _times;

    public OnCallSchedule(OnCallTeam team)
    {
        _team = team;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone);
        _times = [.. team.HandOvers.Select(h => TimeOnly.ParseExact(h, "HH:mm", CultureInfo.InvariantCulture)).Order()];
    }

    public string Team => _team.Name;

    public TimeZoneInfo Zone => _zone;

    /// <summary>Who is on duty at <paramref name="instant"/>, or null before the rota's first hand-over.</summary>
    public OnCallShift? At(DateTimeOffset instant) => IndexAt(instant) is { } k ? Shift(k) : null;

    /// <summary>The shift on duty at <paramref name="instant"/> and the <paramref name="count"/> - 1 after it (or the first ones, before the rota starts).</summary>
    public IReadOnlyList<OnCallShift> From(DateTimeOffset instant, int count)
    {
        var first = IndexAt(instant) ?? 0;
        return [.. Enumerable.Range(0, count).Select(i => Shift(first + i))];
    }

    private long? IndexAt(DateTimeOffset instant)
    {
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);
        var day = (long)(localDay.DayNumber - _team.Start.DayNumber);
        // Hand-overs of the day after cannot have happened yet, and one of the day before has: search back from there.
        for (var k = (day + 2) * _times.Length - 1; k >= Math.Max(0, (day - 1) * _times.Length); k--)
        {
            if (HandOver(k) <= instant)
            {
                return k;
            }
        }
        return null;
    }

    /// <summary>The escalation chain while <paramref name="shift"/> is on duty: that person, then the configured chain.</summary>
    public IReadOnlyList<string> Chain(OnCallShift? shift) =>
        [.. (shift is null ? [] : (IEnumerable<string>)[shift.Person]).Concat(_team.Escalation).Distinct(StringComparer.OrdinalIgnoreCase)];

    private OnCallShift Shift(long k) => new(_team.Name, _team.People[(int)(k % _team.People.Count)], HandOver(k), HandOver(k + 1));

    internal DateTimeOffset HandOver(long k)
    {
        var local = _team.Start.AddDays((int)(k / _times.Length)).ToDateTime(_times[k % _times.Length]);
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
