namespace SecOps.Web.Features.Triage;

/// <summary>Orders of the queue; each pages with its own cursor.</summary>
public enum AlertSort
{
    Newest,
    Oldest,
    Severity,
}
