using Microsoft.AspNetCore.Components;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// The board's time window and the person's time zone. The URL carries the window (<c>?from=now-24h</c>,
/// <c>?from=2026-11-25T08:00:00Z&amp;to=2026-11-25T18:00:00Z</c>; see <see cref="TimeRange"/>); the board's query is the
/// search narrowed to it (<see cref="TimeRangeQuery"/>), so the store query, the live matcher, counts and groups agree.
/// The zone is a user setting: time columns and the picker's absolute times are in it.
/// </summary>
public sealed partial class TriageBoardPage
{
    private TimeRange _range = TimeRange.All;
    private string? _rangeError;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    /// <summary>The search as the analyst wrote it, before the time window is applied.</summary>
    private AlertQuery _search = AlertQuery.All;

    [Inject] private UserPreferences Preferences { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "from")] private string? InitialFrom { get; set; }

    [SupplyParameterFromQuery(Name = "to")] private string? InitialTo { get; set; }

    /// <summary>The alert under the cursor, whose values the field browser shows as examples.</summary>
    private Alerts.AlertView? CursorAlert => _list.Cursor is { } id ? _list.Rows.FirstOrDefault(r => r.Id == id) : null;

    /// <summary>Reads the window from the URL (an unusable one is reported beside the picker and not applied) and the zone.</summary>
    private async Task InitializeTimeAsync()
    {
        var (range, error) = TimeRange.Parse(InitialFrom, InitialTo, Time);
        _range = range ?? TimeRange.All;
        _rangeError = error;
        _zone = await Preferences.TimeZoneAsync(_actor, CancellationToken.None);
    }

    /// <summary>The board's query for a search: the search within the time window.</summary>
    private AlertQuery WithinRange(AlertQuery search)
    {
        _search = search;
        return TimeRangeQuery.Within(search, _range);
    }

    private async Task ApplyRangeAsync(TimeRange range)
    {
        _range = range;
        _rangeError = null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["from"] = range.From, ["to"] = range.To }), replace: true);
        _query = WithinRange(_search);
        await LoadAsync();
        await ScrollToTopAsync();
    }

    private async Task ChangeZoneAsync(string zoneId)
    {
        if (TimeZones.Find(zoneId) is not { } zone)
        {
            return;
        }
        _zone = zone;
        if (_actor.Id != Actor.Anonymous.Id)
        {
            await Preferences.SaveTimeZoneAsync(_actor, zoneId, CancellationToken.None);
        }
    }
}
