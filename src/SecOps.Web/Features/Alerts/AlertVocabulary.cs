namespace SecOps.Web.Features.Alerts;

/// <summary>Wire names of the vocabulary (Kibana's spellings), one place for both directions.</summary>
public static class AlertVocabulary
{
    public static string ToWire(Severity s) => s switch
    {
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => "low",
    };

    public static string ToWire(AlertStatus s) => s switch
    {
        AlertStatus.Open => "open",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.InProgress => "in-progress",
        AlertStatus.Closed => "closed",
        _ => "open",
    };

    public static string ToWire(CloseReason r) => r switch
    {
        CloseReason.TruePositive => "true_positive",
        CloseReason.FalsePositive => "false_positive",
        CloseReason.Benign => "benign",
        CloseReason.Duplicate => "duplicate",
        _ => "benign",
    };

    public static bool TryParseSeverity(string? value, out Severity severity)
    {
        severity = Severity.Low;
        switch (value?.Trim().ToLowerInvariant())
        {
            case "low" or "informational" or "info": severity = Severity.Low; return true;
            case "medium" or "moderate": severity = Severity.Medium; return true;
            case "high": severity = Severity.High; return true;
            case "critical": severity = Severity.Critical; return true;
            default: return false;
        }
    }

    public static bool TryParseStatus(string? value, out AlertStatus status)
    {
        status = AlertStatus.Open;
        switch (value?.Trim().ToLowerInvariant())
        {
            case "open": status = AlertStatus.Open; return true;
            case "acknowledged": status = AlertStatus.Acknowledged; return true;
            case "in-progress" or "in_progress" or "inprogress": status = AlertStatus.InProgress; return true;
            case "closed": status = AlertStatus.Closed; return true;
            default: return false;
        }
    }

    /// <summary>Severity from a numeric score (risk score 0-100 or a source's numeric level) when no label is given.</summary>
    public static Severity FromScore(double score) => score switch
    {
        >= 90 => Severity.Critical,
        >= 70 => Severity.High,
        >= 40 => Severity.Medium,
        _ => Severity.Low,
    };
}
