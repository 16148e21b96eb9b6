namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// What to find out about one <see cref="Indicator"/> in [<see cref="From"/>, <see cref="To"/>]: the top <see cref="TopCount"/>
/// hosts and users and the latest <see cref="LatestCount"/> events. Use <see cref="Create"/>: it refuses an unknown kind and bounds the sizes.
/// </summary>
public sealed record EnrichmentRequest
{
    public const int DefaultTop = 10;
    public const int MaxTop = 50;
    public const int DefaultLatest = 20;
    public const int MaxLatest = 100;

    private EnrichmentRequest(Indicator indicator, DateTimeOffset from, DateTimeOffset to, int top, int latest) =>
        (Indicator, From, To, TopCount, LatestCount) = (indicator, from, to, top, latest);

    public Indicator Indicator { get; }
    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public int TopCount { get; }
    public int LatestCount { get; }

    /// <summary>The request, or why it cannot be one: an unknown kind (the allowed ones are named), a bad value, a backward window.</summary>
    public static (EnrichmentRequest? Request, string? Error) Create(
        string? kind, string? value, DateTimeOffset from, DateTimeOffset to, int? top = null, int? latest = null)
    {
        var (indicator, error) = Indicator.Create(kind, value);
        if (indicator is null)
        {
            return (null, error);
        }
        if (to < from)
        {
            return (null, "The window ends before it starts.");
        }
        return (new EnrichmentRequest(indicator, from, to, Math.Clamp(top ?? DefaultTop, 1, MaxTop), Math.Clamp(latest ?? DefaultLatest, 0, MaxLatest)), null);
    }
}
