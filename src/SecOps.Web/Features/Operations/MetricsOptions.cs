namespace SecOps.Web.Features.Operations;

public sealed class MetricsOptions
{
    public const string SectionName = "SecOps:Metrics";

    /// <summary>Lets anyone read <c>/metrics</c> (a scraper inside a trusted network); otherwise an API key with scope <c>metrics</c>.</summary>
    public bool AllowAnonymous { get; set; }
}
