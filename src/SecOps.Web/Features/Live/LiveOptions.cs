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
}
