namespace SecOps.Web.Features.Triage;

/// <summary>Where the alerts an action applies to come from.</summary>
public enum ActionScope
{
    /// <summary>Nothing to act on.</summary>
    None,

    /// <summary>The alert the drawer shows, while the drawer has the analyst's attention (a related alert, a click in it).</summary>
    Drawer,

    /// <summary>The checked rows.</summary>
    Selected,

    /// <summary>The row under the board's cursor.</summary>
    Cursor,

    /// <summary>Every alert matching the board's search, loaded or not (after "Select all N matching").</summary>
    AllMatching,
}

/// <summary>
/// What a triage action applies to: what the analyst is looking at. The drawer's alert while the drawer has focus (it may
/// show a related alert that is not a row of the board at all), otherwise the checked rows, otherwise the cursor row.
/// The action bar names it, so a button never acts on something the analyst did not mean.
/// </summary>
public sealed record ActionTarget(ActionScope Scope, IReadOnlyList<long> Ids, string? Title, int? MatchingTotal = null)
{
    public static readonly ActionTarget Nothing = new(ActionScope.None, [], null);

    /// <summary>How many alerts the action applies to (for all matching, the store's count when it was selected).</summary>
    public int Count => MatchingTotal ?? Ids.Count;

    /// <summary>Every alert matching the search; the drawer, when it has focus, still wins.</summary>
    public static ActionTarget AllMatching(int total) => new(ActionScope.AllMatching, [], null, total);

    /// <param name="drawer">The alert the drawer shows (id and rule name), if it is open.</param>
    /// <param name="drawerFocused">Whether the drawer, not the list, has the analyst's attention.</param>
    /// <param name="checkedIds">The checked rows.</param>
    /// <param name="cursor">The row under the cursor (id and rule name).</param>
    public static ActionTarget Resolve((long Id, string Title)? drawer, bool drawerFocused, IReadOnlyCollection<long> checkedIds, (long Id, string Title)? cursor)
    {
        if (drawer is { } shown && drawerFocused)
        {
            return new(ActionScope.Drawer, [shown.Id], shown.Title);
        }
        if (checkedIds.Count > 0)
        {
            return new(ActionScope.Selected, [.. checkedIds], null);
        }
        return cursor is { } row ? new(ActionScope.Cursor, [row.Id], row.Title) : Nothing;
    }

    /// <summary>The button's text: "Acknowledge 3 selected", "Acknowledge this alert".</summary>
    public string Label(string verb) => Scope switch
    {
        ActionScope.Selected => $"{verb} {Count:N0} selected",
        ActionScope.AllMatching => $"{verb} all {Count:N0} matching",
        ActionScope.None => verb,
        _ => $"{verb} this alert",
    };

    /// <summary>Says what "this alert" is, beside the buttons.</summary>
    public string Description => Scope switch
    {
        ActionScope.Drawer => $"In the drawer: {Title}",
        ActionScope.Cursor => $"Row: {Title}",
        ActionScope.Selected => Count == 1 ? "1 alert selected" : $"{Count:N0} alerts selected",
        ActionScope.AllMatching => $"All {Count:N0} matching alerts selected",
        _ => "Nothing selected",
    };
}
