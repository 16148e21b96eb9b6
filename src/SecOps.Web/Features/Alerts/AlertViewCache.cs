using Microsoft.Extensions.Caching.Memory;

namespace SecOps.Web.Features.Alerts;

/// <summary>
/// Hands out one <see cref="AlertView"/> instance per alert state, so the boards of a SOC (which mostly show the same
/// queue) share rows and their strings instead of each circuit holding its own copies. An instance is reused only
/// when it equals the fresh read field for field; bounded, with the least recently used entries dropped first.
/// </summary>
public sealed class AlertViewCache : IDisposable
{
    public const int Capacity = 20_000;

    private static readonly MemoryCacheEntryOptions Entry = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) };

    private readonly MemoryCache _views = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    public AlertView Share(AlertView view)
    {
        if (_views.TryGetValue(view.Id, out AlertView? known) && known == view)
        {
            return known;
        }
        _views.Set(view.Id, view, Entry);
        return view;
    }

    public List<AlertView> Share(IEnumerable<AlertView> views) => views.Select(Share).ToList();

    public void Dispose() => _views.Dispose();
}
