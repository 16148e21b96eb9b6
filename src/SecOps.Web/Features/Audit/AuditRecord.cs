namespace SecOps.Web.Features.Audit;

/// <summary>
/// An append-only audit record. People are referenced by their stable user id (pseudonymous), never by
/// name or email, so erasing a person never requires rewriting the trail.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
    public AuditOutcome Outcome { get; set; }
}

public enum AuditOutcome
{
    Success = 0,
    Refused = 1,
    Failed = 2,
}
