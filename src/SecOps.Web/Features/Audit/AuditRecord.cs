namespace SecOps.Web.Features.Audit;

/// <summary>
/// An append-only audit record. People are referenced by their stable user id (pseudonymous), never by
/// name or email, so erasing a person never requires rewriting the trail.
/// </summary>
/// <remarks>
/// <see cref="Sequence"/> and <see cref="Mac"/> chain the records (<see cref="AuditChain"/>): the MAC covers every other
/// field and the previous record's MAC. Both are null only on records written before the chain existed, until the first
/// start seals them.
/// </remarks>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public long? Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Mac { get; set; }
}

public enum AuditOutcome
{
    Success = 0,
    Refused = 1,
    Failed = 2,
}
