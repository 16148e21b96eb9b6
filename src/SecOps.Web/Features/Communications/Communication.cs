using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Communications;

/// <summary>The built-in notification templates, one per audience.</summary>
public enum CommunicationTemplate
{
    /// <summary>GDPR Art. 33: the personal data breach notified to the supervisory authority.</summary>
    SupervisoryAuthority = 0,

    /// <summary>GDPR Art. 34: the breach communicated to the people affected, in plain language.</summary>
    AffectedCustomers = 1,

    /// <summary>An update for the organisation's own stakeholders (management, legal, communications).</summary>
    InternalStakeholders = 2,
}

/// <summary>How a message went out.</summary>
public enum CommunicationChannel
{
    Email = 0,
    Phone = 1,
    Letter = 2,
    Portal = 3,
    Other = 4,
}

/// <summary>A template filled from an incident: a suggested audience, subject and body, all plain text for the responder to edit.</summary>
public sealed record FilledTemplate(CommunicationTemplate Template, string Audience, string Subject, string Body);

/// <summary>A message to record as sent: to whom, how, when, its subject and text, and the template it started from.</summary>
public sealed record NewCommunication(string? Audience, CommunicationChannel Channel, DateTimeOffset SentAt, string? Subject, string? Body, CommunicationTemplate? Template = null);

/// <summary>A recorded message as the log shows it. Every text is people's or the incident's: shown as text.</summary>
public sealed record CommunicationView(long Id, DateTimeOffset SentAt, string Audience, CommunicationChannel Channel, string Subject, string Body,
    CommunicationTemplate? Template, string RecordedBy, DateTimeOffset RecordedAt, bool Mailed = false);

public sealed record CommunicationOutcome(bool Succeeded, string? Error, long Id = 0);

/// <summary>Names of the templates and channels as pages, the timeline and exports show them.</summary>
public static class CommunicationVocabulary
{
    public static string Label(CommunicationTemplate template) => template switch
    {
        CommunicationTemplate.SupervisoryAuthority => "Supervisory authority (GDPR Art. 33)",
        CommunicationTemplate.AffectedCustomers => "Affected customers (GDPR Art. 34)",
        _ => "Internal stakeholders",
    };

    public static string Label(CommunicationChannel channel) => channel switch
    {
        CommunicationChannel.Email => "email",
        CommunicationChannel.Phone => "phone",
        CommunicationChannel.Letter => "letter",
        CommunicationChannel.Portal => "portal",
        _ => "other means",
    };

    /// <summary>The timeline's line for a message: "Sent to {audience} by {channel}: {subject}" ("by email from SecOps" when the app mailed it).</summary>
    public static string Summary(string audience, CommunicationChannel channel, string subject, bool mailed = false) =>
        $"Sent to {audience} by {Label(channel)}" + (mailed ? " from SecOps" : "") + (subject.Length == 0 ? "" : ": " + subject);

    /// <summary>The timeline entry of a stored message: at the time it was sent, its body as the details (exports carry it).</summary>
    public static TimelineEntry TimelineEntry(IncidentEvent e) => CommunicationDocument.TryRead(e.Text) is { } d
        ? new TimelineEntry(e.OccurredAt ?? e.At, TimelineKind.Communication, Summary(d.Audience, d.Channel, d.Subject, d.Mailed), e.ActorName, d.Body.Length == 0 ? null : d.Body)
        : new TimelineEntry(e.OccurredAt ?? e.At, TimelineKind.Communication, "Communication (its record could not be read)", e.ActorName, null);
}
