using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.ScaleOut;

/// <summary>Several instances on one store: <c>SecOps:ScaleOut</c>.</summary>
public sealed class ScaleOutOptions
{
    public const string SectionName = "SecOps:ScaleOut";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis:6379,password=...</c>). When set, the hub <c>/hubs/soc</c>
    /// uses the SignalR Redis backplane, instances tell each other of commits over Redis pub/sub, and readiness
    /// includes Redis. Unset: one instance, nothing leaves the process.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The Redis pub/sub channel on which the instances of one deployment announce commits.</summary>
    [Required]
    public string Channel { get; set; } = "secops:changes";

    /// <summary>
    /// How often each instance reads the feed's head from the store even without an announcement: pub/sub delivers at
    /// most once, so a lost announcement delays a change on the other instances by at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each instance reports again who views what on it (presence on alerts and incidents); another instance's
    /// report holds for three of these, so the viewers of an instance that died disappear within that time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PresenceInterval { get; set; } = TimeSpan.FromSeconds(10);
}
