namespace SecOps.Web.Features.Alerts;

/// <summary>Elastic Security's severity values; other sources are mapped onto them.</summary>
public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
