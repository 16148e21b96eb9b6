using Microsoft.JSInterop;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Which alert the analyst is looking at, so actions never hit another one (see <see cref="ActionTarget"/>). The drawer
/// has focus once the analyst opens a related alert from it or focuses anything inside it (board.js reports focus moving
/// between the drawer and the list); moving the cursor, clicking or checking a row, or closing the drawer gives it back
/// to the list.
/// </summary>
public sealed partial class TriageBoardPage
{
    private bool _drawerFocused;

    private ActionTarget Target => !_drawerFocused && AllMatchingSelected ? ActionTarget.AllMatching(_allMatching!.Value.Total) : ActionTarget.Resolve(
        _detail is { } d ? (d.Alert.Id, d.Alert.RuleName) : null,
        _drawerFocused,
        _list.Checked,
        _list.CursorAlert is { } row ? (row.Id, row.RuleName) : null);

    /// <summary>board.js: focus entered the drawer ("drawer") or the list ("list").</summary>
    [JSInvokable]
    public Task OnFocusZone(string zone) => InvokeAsync(() =>
    {
        var drawer = zone == "drawer" && _detail is not null;
        if (drawer != _drawerFocused)
        {
            _drawerFocused = drawer;
            StateHasChanged();
        }
    });

    /// <summary>A related alert opened from the drawer: the drawer shows what the analyst looks at now.</summary>
    private async Task OpenRelatedAsync(long id)
    {
        await OpenDetailAsync(id);
        _drawerFocused = _detail is not null;
    }

    private void FocusList() => _drawerFocused = false;

    private int _noteRequest;

    /// <summary>n: the note box of the drawer's alert, opening the drawer on the cursor row when it is closed.</summary>
    private async Task OpenNoteAsync()
    {
        if (_detail is null)
        {
            if (_list.Cursor is not { } id)
            {
                return;
            }
            await OpenDetailAsync(id);
        }
        _noteRequest++;
    }
}
