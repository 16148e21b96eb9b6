using SecOps.Web.Features.Alerts;

namespace SecOps.Tests.Support;

/// <summary>Builds alert views for component and feed tests.</summary>
public static class Alerts
{
    public static AlertView View(long id, string rule = "Rule", string severity = "high", string? host = "host-1", long seq = 0, string status = "open") => new(
        id, seq == 0 ? id : seq, "doc-" + id, "test", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow,
        rule, null, severity, 50, "reason " + id, null, null, host, "user-1", "10.0.0.1", null, null, null, "fp", status, null, null, 0);
}
