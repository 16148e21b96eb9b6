using System.Collections.Concurrent;

namespace SecOps.Web.Features.Presence;

/// <summary>
/// Who is looking at which alert right now, per open view (a drawer in a Blazor circuit). In-process for
/// one instance; a view leaves when its handle is disposed, which the page does when it closes or the
/// circuit ends, so nothing lingers.
/// </summary>
public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, string>> _viewers = new();
    private readonly Live.Subscribers<long> _subscribers = new();

    /// <summary>Marks <paramref name="name"/> as viewing the alert until the returned view is disposed.</summary>
    public View Enter(long alertId, string name)
    {
        var view = new View(this, alertId, Guid.NewGuid());
        _viewers.GetOrAdd(alertId, _ => new ConcurrentDictionary<Guid, string>())[view.Token] = name;
        Notify(alertId);
        return view;
    }

    /// <summary>Names viewing the alert, each once and sorted, leaving out the caller's own view.</summary>
    public IReadOnlyList<string> Viewers(long alertId, View? own = null) =>
        _viewers.TryGetValue(alertId, out var viewers)
            ? viewers.Where(v => v.Key != own?.Token).Select(v => v.Value).Distinct().Order().ToList()
            : [];

    /// <summary>Calls back with the alert id whenever someone enters or leaves an alert.</summary>
    public IDisposable Subscribe(Action<long> onChange) => _subscribers.Add(onChange);

    private void Leave(View view)
    {
        if (_viewers.TryGetValue(view.AlertId, out var viewers) && viewers.TryRemove(view.Token, out _))
        {
            Notify(view.AlertId);
        }
    }

    private void Notify(long alertId) => _subscribers.Send(alertId);

    public sealed class View(PresenceTracker tracker, long alertId, Guid token) : IDisposable
    {
        private int _left;

        public long AlertId { get; } = alertId;
        internal Guid Token { get; } = token;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                tracker.Leave(this);
            }
        }
    }
}
