namespace SecOps.Web.Features.Alerts;

/// <summary>One recorded change of an alert's triage state: who, when, from, to and why.</summary>
public sealed class AlertTransition
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }
    public AlertStatus FromStatus { get; set; }
    public AlertStatus ToStatus { get; set; }
    public string? FromAssignee { get; set; }
    public string? ToAssignee { get; set; }
    public CloseReason? CloseReason { get; set; }
    public string? Comment { get; set; }
}
