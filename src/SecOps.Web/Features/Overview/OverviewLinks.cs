namespace SecOps.Web.Features.Overview;

/// <summary>
/// The board searches behind the overview's counts: each finds exactly the alerts its count counts (a test compares
/// the board query's total with the overview's number).
/// </summary>
public static class OverviewLinks
{
    public const string Open = "status:open";
    public const string Acknowledged = "status:acknowledged";
    public const string InProgress = "status:in-progress";

    /// <summary>Critical alerts in every status but closed, as <see cref="OverviewQueries"/> counts them.</summary>
    public const string CriticalNotClosed = "severity:critical AND NOT status:closed";

    public static string Triage(string query) => "/triage?q=" + Uri.EscapeDataString(query);
}
