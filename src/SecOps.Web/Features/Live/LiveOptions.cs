using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Live;

public sealed class LiveOptions
{
    public const string SectionName = "SecOps:Live";

    /// <summary>Shortest time between two frames to one receiver; changes in between are coalesced.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan FrameInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long a new hub connection may take to call Resume before live delivery starts from its connect point.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ResumeGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Change-feed entries older than this are purged; a Resume from before them gets <c>resync</c>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan FeedRetention { get; set; } = TimeSpan.FromDays(7);

    [Range(1, 10_000)]
    public int MaxItemsPerFrame { get; set; } = 500;

    /// <summary>
    /// Changes one hub catch-up read takes from the store. A connection's replay reads page by page outside the shared
    /// broadcast loop; once it is at most one page behind what the loop has sent, the loop sends that last gap and joins
    /// it to live delivery.
    /// </summary>
    [Range(10, 10_000)]
    public int ReplayPageSize { get; set; } = 1000;

    /// <summary>
    /// Shortest time between two recomputations of an aggregate that many circuits share (grouped counts, overview tiles).
    /// One second: counts are read at a glance, so a second's delay costs the analyst nothing, while the store runs each
    /// distinct aggregate at most once a second however many screens show it and however fast alerts arrive (the frame
    /// interval would allow 40 GROUP BY scans a second per query, each of which can take longer than a frame).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan AggregateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each instance checks the API keys of its open hub connections (a key revoked elsewhere or expired closes them).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan KeyCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
