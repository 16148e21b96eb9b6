namespace SecOps.Web.Features.Reports;

/// <summary>
/// A person's standing order for the report by email. It names the subscriber by user id only: the address is read from
/// their account when a report is sent (data minimisation; a changed or erased address is never left behind here).
/// </summary>
public sealed class ReportSubscription
{
    public long Id { get; set; }

    /// <summary>The subscriber's account; the report is computed as they would see it (need-to-know) when it is sent.</summary>
    public required string UserId { get; set; }

    public ReportCadence Cadence { get; set; }

    /// <summary>Weekly: the day of the week (0 = Sunday … 6 = Saturday). Monthly: the day of the month (1–31; the month's last day when it has fewer).</summary>
    public int Day { get; set; }

    public ReportPeriod Period { get; set; }

    /// <summary>The subscriber's time zone (IANA or Windows id) at subscribing: the day and the sending hour are theirs.</summary>
    public required string TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last report went out; null until the first one has.</summary>
    public DateTimeOffset? LastSentAt { get; set; }

    /// <summary>When the next report is due; moved on only after a sending succeeded, so a failed one is retried.</summary>
    public DateTimeOffset NextDueAt { get; set; }

    /// <summary>
    /// Until when no instance may send it: one is sending it (a short claim, so two instances never send the same report),
    /// or a failed sending waits to be retried (longer after each failure in a row).
    /// </summary>
    public DateTimeOffset? SendingUntil { get; set; }

    /// <summary>Failed sendings in a row since the last success: the retry waits longer after each.</summary>
    public int FailuresInARow { get; set; }

    /// <summary>Why the last attempt failed (no personal data), cleared by the next success.</summary>
    public string? LastFailure { get; set; }
}

public enum ReportCadence
{
    Weekly = 0,
    Monthly = 1,
}

/// <summary>The span a sent report covers.</summary>
public enum ReportPeriod
{
    /// <summary>The report page's "Last 7 days": six whole UTC days and today up to the sending.</summary>
    Last7Days = 0,

    /// <summary>The whole calendar month (UTC days) before the one the report is sent in.</summary>
    LastCalendarMonth = 1,
}
