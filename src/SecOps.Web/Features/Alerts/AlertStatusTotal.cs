namespace SecOps.Web.Features.Alerts;

/// <summary>
/// How many queued (not suppressed) alerts the store holds in one status: the board's totals for its default query,
/// read in one row each instead of counting a million. SQLite only (see <see cref="AlertStatusTotalTriggers"/> for why
/// PostgreSQL counts instead). Kept by database triggers on <c>Alerts</c>
/// (<see cref="AlertStatusTotalTriggers"/>), so every write path (ingest, triage, suppression, bulk loads, deletion)
/// moves it in the same transaction as the alert itself.
/// </summary>
public sealed class AlertStatusTotal
{
    public AlertStatus Status { get; set; }

    public long Count { get; set; }
}
