namespace SecOps.Web.Features.Triage;

/// <summary>
/// An action on a whole group of the grouped view: every alert matching the board's search and the group's value
/// (<see cref="Term"/>), not only the ones shown. <see cref="Action"/> is null for "suppress the group".
/// </summary>
public sealed record GroupAction(TriageAction? Action, AlertGroupBy By, string Key, int Count)
{
    /// <summary>The query term that narrows the board's search to this group.</summary>
    public string Term => AlertDetailPanel.Pivot(AlertGroupFields.FieldName(By), Key)!;
}
