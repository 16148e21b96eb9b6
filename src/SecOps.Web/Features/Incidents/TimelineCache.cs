using Microsoft.Extensions.Caching.Memory;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// Hands out one timeline list per incident state, so the open pages of an incident (responders and managers on the same
/// case) share its entries and their strings instead of each circuit holding its own copy: a 10,000-entry timeline is
/// about 630 KB. A list is reused only when it equals the fresh read entry for entry, so a page never shows less than it
/// read; bounded by the entries held, the least recently used timelines dropped first.
/// </summary>
public sealed class TimelineCache : IDisposable
{
    /// <summary>Entries held across all cached timelines.</summary>
    public const int Capacity = 200_000;

    private readonly MemoryCache _timelines = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    public IReadOnlyList<TimelineEntry> Share(long incidentId, IReadOnlyList<TimelineEntry> timeline)
    {
        if (timeline.Count == 0)
        {
            return timeline;
        }
        if (_timelines.TryGetValue(incidentId, out IReadOnlyList<TimelineEntry>? known) && known is not null && known.SequenceEqual(timeline))
        {
            return known;
        }
        _timelines.Set(incidentId, timeline, new MemoryCacheEntryOptions { Size = timeline.Count, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return timeline;
    }

    public void Dispose() => _timelines.Dispose();
}
