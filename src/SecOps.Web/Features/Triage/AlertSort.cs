namespace SecOps.Web.Features.Triage;

/// <summary>Orders of the queue; each pages with its own cursor.</summary>
public enum AlertSort
{
    Newest,
    Oldest,
    Severity,

    /// <summary>Highest risk score first; alerts without a score last.</summary>
    Risk,
}
