namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// An audit event (ECS <c>event.category</c> iam, configuration or authentication: who did what to which account, setting
/// or session) as SecOps stores it for the incident timeline: the fields it filters and shows, normalised and bounded, and
/// the source document as text. Audit events have no triage state; a re-sent document only refreshes its fields.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    /// <summary>The document id from the source (<c>_id</c>, <c>event.id</c> or a content hash).</summary>
    public required string DocumentId { get; set; }

    /// <summary>How it arrived: <c>api</c>, <c>elastic-bulk</c> or <c>elasticsearch</c> (the audit tail).</summary>
    public string Source { get; set; } = "api";

    /// <summary>When the event happened (<c>@timestamp</c>).</summary>
    public DateTimeOffset Timestamp { get; set; }

    public DateTimeOffset IngestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary><c>event.category</c>, its values joined with commas when it is an array.</summary>
    public string? Category { get; set; }

    public string? Action { get; set; }

    /// <summary><c>event.outcome</c>: success, failure or unknown as the source says.</summary>
    public string? Outcome { get; set; }

    /// <summary>Who acted (<c>user.name</c>).</summary>
    public string? UserName { get; set; }

    public string? UserId { get; set; }

    /// <summary>The account acted upon (<c>user.target.name</c>), e.g. the user created or the password changed.</summary>
    public string? TargetUserName { get; set; }

    public string? HostName { get; set; }
    public string? SourceIp { get; set; }

    /// <summary>One line for lists and the timeline, built from the fields above; control and bidi characters made visible.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The source document as received (at most <c>Ingest:MaxDocumentBytes</c>), kept as text and never interpreted as markup.</summary>
    public string RawDocument { get; set; } = "{}";

    /// <summary>Canonical hash of the source document, so an unchanged re-post or re-read is recognised without a field-by-field compare.</summary>
    public string ContentHash { get; set; } = "";
}
