using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Suppression;

/// <summary>
/// Keeps matching alerts out of the queue until it expires: they are still stored and counted. A rule
/// matches when every field it names equals the alert's; it names at least one. With <see cref="AutoClose"/>
/// it closes matching alerts as a known-benign pattern instead.
/// </summary>
public sealed class SuppressionRule
{
    public int Id { get; set; }
    public required string Reason { get; set; }
    public string? RuleName { get; set; }
    public string? HostName { get; set; }
    public string? UserName { get; set; }
    public string? SourceIp { get; set; }
    public bool AutoClose { get; set; }
    public CloseReason? CloseReason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>How many alerts it has kept out of the queue (or closed).</summary>
    public long Matched { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    public bool Matches(Alert alert) =>
        (RuleName ?? HostName ?? UserName ?? SourceIp) is not null
        && (RuleName is null || RuleName == alert.RuleName)
        && (HostName is null || HostName == alert.HostName)
        && (UserName is null || UserName == alert.UserName)
        && (SourceIp is null || SourceIp == alert.SourceIp);
}
