using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>Tuning of the tails (section <c>SecOps:Sources:Elasticsearch:Tail</c>); poll interval and look-back are in <see cref="ElasticsearchOptions"/>.</summary>
public sealed class TailOptions
{
    public const string SectionName = ElasticsearchOptions.SectionName + ":Tail";

    /// <summary>Documents per search page (and per ingest batch); also the feed page and batch size of status write-back.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>With no checkpoint yet, how far back the first poll reads; null: the look-back.</summary>
    public TimeSpan? InitialLookBack { get; set; }

    /// <summary>Cap of the exponential backoff after failed polls (a 429's Retry-After is honoured even when longer).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an instance's claim on a source (its tail, its write-back) lasts without renewal; it is renewed every poll.
    /// Of several instances on one store, one works and the others stand by; a crashed holder is replaced after this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
