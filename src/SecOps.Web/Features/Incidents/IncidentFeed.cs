using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// How incident screens follow changes: through the change feed (<see cref="LiveFeed.SubscribeIncidents"/>), which carries
/// this instance's commits and, read back from the store, every other instance's, in number order. A screen hears of a
/// change only when <see cref="IncidentAccess.CanSee"/> lets its viewer see the incident, or when it shows that incident
/// now (so a page whose incident was just restricted away from its viewer re-reads it and shows what a missing one shows).
/// What the screen then shows comes from its re-read through <see cref="IncidentQueries"/>, which applies need-to-know again.
/// </summary>
public static class IncidentFeed
{
    /// <summary>
    /// Calls <paramref name="onChange"/> with the id of each changed incident the viewer may see or <paramref name="shows"/>,
    /// and <paramref name="onDeleted"/> (when given) with the id of each such incident deleted (judged by the audience it had),
    /// on the thread pool: the feed publishes under the store's write lock, often on the very circuit that made the change,
    /// where a component's dispatcher would run a re-read (queries and a render) inline, holding every writer up.
    /// </summary>
    public static IDisposable Follow(this LiveFeed feed, Actor viewer, Func<long, bool> shows, Action<long> onChange, Action<long>? onDeleted = null)
    {
        var changes = feed.SubscribeIncidents(change => Relay(viewer, change.Audience, change.Incident.Id, shows, onChange));
        if (onDeleted is null)
        {
            return changes;
        }
        var deletions = feed.SubscribeRemovals(removal =>
        {
            if (removal.Kind == ChangeKind.IncidentDeleted)
            {
                Relay(viewer, removal.Audience, removal.Id, shows, onDeleted);
            }
        });
        return new Both(changes, deletions);
    }

    private static void Relay(Actor viewer, IncidentAudience audience, long id, Func<long, bool> shows, Action<long> handler)
    {
        if (IncidentAccess.CanSee(viewer, audience) || shows(id))
        {
            ThreadPool.QueueUserWorkItem(_ => handler(id));
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
