namespace SecOps.Web.Features.Alerts;

/// <summary>Triage status; the names match Kibana's workflow status values.</summary>
public enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,
    InProgress = 2,
    Closed = 3,
}

public enum CloseReason
{
    TruePositive = 1,
    FalsePositive = 2,
    Benign = 3,
    Duplicate = 4,
}
