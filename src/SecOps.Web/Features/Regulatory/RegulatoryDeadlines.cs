namespace SecOps.Web.Features.Regulatory;

/// <summary>A notification the law asks for after an incident, each with its own deadline.</summary>
public enum RegulatoryDuty
{
    /// <summary>GDPR Art. 33: the supervisory authority, within 72 hours of becoming aware of a personal data breach.</summary>
    GdprAuthority = 0,

    /// <summary>NIS2 Art. 23(4)(a): early warning to the CSIRT or competent authority within 24 hours of becoming aware.</summary>
    Nis2EarlyWarning = 1,

    /// <summary>NIS2 Art. 23(4)(b): incident notification within 72 hours of becoming aware.</summary>
    Nis2Notification = 2,

    /// <summary>NIS2 Art. 23(4)(d): final report within one month of the incident notification.</summary>
    Nis2FinalReport = 3,
}

/// <summary>Where one deadline stands: counting down, close to it, passed unmet, met in time, or met after it passed.</summary>
public enum DeadlineState
{
    Running,
    Warning,
    Missed,
    Met,
    Late,
}

/// <summary>A recorded notification: when it was sent, to whom, under which reference, and who recorded it when.</summary>
public sealed record NotificationView(long Id, RegulatoryDuty Duty, DateTimeOffset SentAt, string Recipient, string? Reference, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>What the clocks are computed from: the awareness time, which regimes apply, and the notifications recorded.</summary>
public sealed record RegulatoryFacts(DateTimeOffset AwareAt, bool PersonalData, bool Nis2, IReadOnlyList<NotificationView> Notifications);

/// <summary>
/// One regulatory deadline: when it falls due, when to start warning (the browser flips the state at <see cref="WarnAt"/>
/// and <see cref="Due"/> without the server), its state, and the notification that met it (the earliest recorded).
/// </summary>
public sealed record RegulatoryDeadline(RegulatoryDuty Duty, DateTimeOffset Start, DateTimeOffset Due, DateTimeOffset WarnAt, DeadlineState State, NotificationView? Sent);

/// <summary>
/// The regulatory clocks of an incident, plain arithmetic on instants (UTC; a DST change never bends a deadline).
/// GDPR Art. 33 applies when personal data is involved; NIS2 when chosen. Every clock but the NIS2 final report runs
/// from the awareness time, which may be earlier than the incident's creation. The final report is due one calendar
/// month after the incident notification was sent, or, while none is recorded, after that notification's deadline.
/// </summary>
public static class RegulatoryDeadlines
{
    public static readonly TimeSpan GdprWindow = TimeSpan.FromHours(72);
    public static readonly TimeSpan Nis2EarlyWarningWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan Nis2NotificationWindow = TimeSpan.FromHours(72);

    public static IReadOnlyList<RegulatoryDeadline> Evaluate(RegulatoryFacts facts, DateTimeOffset now, double warnWhenRemaining)
    {
        var deadlines = new List<RegulatoryDeadline>(4);
        RegulatoryDeadline Deadline(RegulatoryDuty duty, DateTimeOffset start, DateTimeOffset due)
        {
            var sent = facts.Notifications.Where(n => n.Duty == duty).OrderBy(n => n.SentAt).ThenBy(n => n.Id).FirstOrDefault();
            var warnAt = due - ((due - start) * warnWhenRemaining);
            var state = sent is not null ? (sent.SentAt <= due ? DeadlineState.Met : DeadlineState.Late)
                : now >= due ? DeadlineState.Missed
                : now >= warnAt ? DeadlineState.Warning
                : DeadlineState.Running;
            var deadline = new RegulatoryDeadline(duty, start, due, warnAt, state, sent);
            deadlines.Add(deadline);
            return deadline;
        }
        var aware = facts.AwareAt.ToUniversalTime();
        if (facts.PersonalData)
        {
            Deadline(RegulatoryDuty.GdprAuthority, aware, aware + GdprWindow);
        }
        if (facts.Nis2)
        {
            Deadline(RegulatoryDuty.Nis2EarlyWarning, aware, aware + Nis2EarlyWarningWindow);
            var notification = Deadline(RegulatoryDuty.Nis2Notification, aware, aware + Nis2NotificationWindow);
            var from = notification.Sent?.SentAt.ToUniversalTime() ?? notification.Due;
            Deadline(RegulatoryDuty.Nis2FinalReport, from, from.AddMonths(1));
        }
        return deadlines;
    }

    /// <summary>The duties that apply to an incident with these choices (a notification may be recorded only for these).</summary>
    public static IReadOnlyList<RegulatoryDuty> Duties(bool personalData, bool nis2)
    {
        var duties = new List<RegulatoryDuty>(4);
        if (personalData)
        {
            duties.Add(RegulatoryDuty.GdprAuthority);
        }
        if (nis2)
        {
            duties.AddRange([RegulatoryDuty.Nis2EarlyWarning, RegulatoryDuty.Nis2Notification, RegulatoryDuty.Nis2FinalReport]);
        }
        return duties;
    }

    public static string Label(RegulatoryDuty duty) => duty switch
    {
        RegulatoryDuty.GdprAuthority => "GDPR Art. 33 · supervisory authority (72 h)",
        RegulatoryDuty.Nis2EarlyWarning => "NIS2 early warning (24 h)",
        RegulatoryDuty.Nis2Notification => "NIS2 incident notification (72 h)",
        _ => "NIS2 final report (1 month)",
    };

    public static string Label(DeadlineState state) => state switch
    {
        DeadlineState.Running => "Due in",
        DeadlineState.Warning => "Due soon",
        DeadlineState.Missed => "Missed",
        DeadlineState.Met => "Met",
        _ => "Sent late",
    };
}
