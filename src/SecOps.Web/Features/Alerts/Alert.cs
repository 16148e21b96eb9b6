namespace SecOps.Web.Features.Alerts;

/// <summary>
/// A security alert as SecOps stores it: the source fields normalised from ECS / Elastic Security
/// documents, plus the triage state that belongs to SecOps alone.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }

    /// <summary>The document id from the source (<c>_id</c>, <c>kibana.alert.uuid</c>, <c>event.id</c> or a content hash).</summary>
    public required string DocumentId { get; set; }

    public string Source { get; set; } = "api";

    /// <summary>When the underlying event happened (<c>kibana.alert.original_time</c> or <c>@timestamp</c>).</summary>
    public DateTimeOffset EventTime { get; set; }

    /// <summary>When the detection fired (<c>@timestamp</c> of the alert document).</summary>
    public DateTimeOffset AlertTime { get; set; }

    public DateTimeOffset IngestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string RuleName { get; set; } = "";
    public string? RuleId { get; set; }
    public Severity Severity { get; set; }
    public double? RiskScore { get; set; }
    public string? Reason { get; set; }
    public string? MitreTactic { get; set; }
    public string? MitreTechnique { get; set; }
    public string? HostName { get; set; }
    public string? UserName { get; set; }

    public string? SourceIp
    {
        get => _sourceIp;
        set
        {
            _sourceIp = value;
            SourceIpKey = IpKey.Of(value);
        }
    }

    public string? DestinationIp
    {
        get => _destinationIp;
        set
        {
            _destinationIp = value;
            DestinationIpKey = IpKey.Of(value);
        }
    }

    /// <summary><see cref="SourceIp"/> as a sortable key (<see cref="IpKey"/>), kept with it, for CIDR ranges on an index.</summary>
    public string? SourceIpKey { get; set; }

    public string? DestinationIpKey { get; set; }

    private string? _sourceIp;
    private string? _destinationIp;

    public string? EventCategory { get; set; }
    public string? EventAction { get; set; }

    /// <summary>Groups repeats of the same detection on the same entity.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>The source document as received, kept as text and never interpreted as markup.</summary>
    public string RawDocument { get; set; } = "{}";

    /// <summary>Hash of the normalised source fields, so an unchanged re-post is recognised without a field-by-field compare.</summary>
    public string ContentHash { get; set; } = "";

    public AlertStatus Status { get; set; } = AlertStatus.Open;
    public CloseReason? CloseReason { get; set; }
    public string? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The suppression rule that keeps this alert out of the queue, if any.</summary>
    public int? SuppressedBy { get; set; }

    /// <summary>The incident this alert was escalated into, if any (at most one; set only by incident escalation).</summary>
    public long? IncidentId { get; set; }

    /// <summary>
    /// Whether <see cref="IncidentId"/> names a restricted incident. Views of the alert shared by everyone (board rows,
    /// hub frames, the alerts API) then leave the id out: need-to-know covers even an incident's existence. Kept with
    /// the incident's own flag by escalation and by changes of the incident's access.
    /// </summary>
    public bool IncidentRestricted { get; set; }

    /// <summary>Sequence number of the latest change-feed entry about this alert.</summary>
    public long LastSeq { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every triage change.</summary>
    public int Version { get; set; }
}
