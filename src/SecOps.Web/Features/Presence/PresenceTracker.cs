using System.Collections.Concurrent;

namespace SecOps.Web.Features.Presence;

/// <summary>What someone can be present on: an alert (the board's drawer) or an incident (its page).</summary>
public readonly record struct PresenceSubject(string Kind, long Id)
{
    public static PresenceSubject Alert(long id) => new("alert", id);

    public static PresenceSubject Incident(long id) => new("incident", id);

    public bool IsAlert => Kind == "alert";
}

/// <summary>Someone on a subject: their name, and whether they have unsaved work there (typing a note, an edit not saved).</summary>
public sealed record PresentPerson(string Name, bool Editing);

/// <summary>
/// Who is looking at or working on which alert or incident right now, per open view (a drawer or a page in a Blazor
/// circuit). The views are this instance's; a view leaves when its handle is disposed, which the page does when it
/// closes or the circuit ends, so nothing lingers. With scale-out, <see cref="ScaleOut.PresenceRelay"/> adds what the
/// other instances report (<see cref="ApplyRemote"/>), each instance's report replacing its last one.
/// </summary>
public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<PresenceSubject, ConcurrentDictionary<Guid, PresentPerson>> _present = new();
    private readonly ConcurrentDictionary<PresenceSubject, ConcurrentDictionary<string, RemoteReport>> _remote = new();
    private readonly Live.Subscribers<PresenceSubject> _subscribers = new();
    private readonly Live.Subscribers<PresenceSubject> _localSubscribers = new();

    /// <summary>What another instance last said about a subject, and until when it holds without being said again.</summary>
    private sealed record RemoteReport(IReadOnlyList<PresentPerson> People, DateTimeOffset Expires);

    /// <summary>Marks <paramref name="name"/> as viewing the alert until the returned view is disposed.</summary>
    public View Enter(long alertId, string name) => Enter(PresenceSubject.Alert(alertId), name);

    /// <summary>Marks <paramref name="name"/> as viewing the subject until the returned view is disposed.</summary>
    public View Enter(PresenceSubject subject, string name)
    {
        var view = new View(this, subject, Guid.NewGuid());
        _present.GetOrAdd(subject, _ => new ConcurrentDictionary<Guid, PresentPerson>())[view.Token] = new PresentPerson(name, false);
        Notify(subject);
        return view;
    }

    /// <summary>Names viewing the alert, each once and sorted, leaving out the caller's own view.</summary>
    public IReadOnlyList<string> Viewers(long alertId, View? own = null) => [.. Present(PresenceSubject.Alert(alertId), own).Select(p => p.Name)];

    /// <summary>
    /// Everyone on the subject on any instance, each name once and sorted (editing if any of their views is), leaving out
    /// the caller's own view.
    /// </summary>
    public IReadOnlyList<PresentPerson> Present(PresenceSubject subject, View? own = null)
    {
        var local = _present.TryGetValue(subject, out var views) ? views.Where(v => v.Key != own?.Token).Select(v => v.Value) : [];
        var remote = _remote.TryGetValue(subject, out var reports) ? reports.Values.SelectMany(r => r.People) : [];
        return Merge(local.Concat(remote));
    }

    /// <summary>This instance's views of the subject only: what it reports to the others.</summary>
    public IReadOnlyList<PresentPerson> Local(PresenceSubject subject) =>
        _present.TryGetValue(subject, out var views) ? Merge(views.Values) : [];

    /// <summary>The subjects this instance has views on.</summary>
    public IReadOnlyList<PresenceSubject> LocalSubjects() => [.. _present.Where(p => !p.Value.IsEmpty).Select(p => p.Key)];

    private static IReadOnlyList<PresentPerson> Merge(IEnumerable<PresentPerson> people) =>
        [.. people.GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => new PresentPerson(g.Key, g.Any(p => p.Editing))).OrderBy(p => p.Name, StringComparer.Ordinal)];

    /// <summary>Calls back with the subject whenever someone enters, leaves, or starts or stops editing it, on any instance.</summary>
    public IDisposable Subscribe(Action<PresenceSubject> onChange) => _subscribers.Add(onChange);

    /// <summary>Calls back with the subject whenever this instance's own views of it change (what the relay reports).</summary>
    public IDisposable SubscribeLocal(Action<PresenceSubject> onChange) => _localSubscribers.Add(onChange);

    /// <summary>
    /// Takes another instance's report of a subject, replacing its last one; an empty report removes it. It holds until
    /// <paramref name="expires"/> unless reported again (<see cref="ExpireRemote"/> drops it then): an instance that dies
    /// without saying goodbye leaves nobody behind for long.
    /// </summary>
    public void ApplyRemote(string instance, PresenceSubject subject, IReadOnlyList<PresentPerson> people, DateTimeOffset expires)
    {
        var reports = _remote.GetOrAdd(subject, _ => new ConcurrentDictionary<string, RemoteReport>(StringComparer.Ordinal));
        var before = reports.TryGetValue(instance, out var last) ? last.People : [];
        if (people.Count == 0)
        {
            reports.TryRemove(instance, out _);
        }
        else
        {
            reports[instance] = new RemoteReport(people, expires);
        }
        if (!before.SequenceEqual(people))
        {
            _subscribers.Send(subject);
        }
    }

    /// <summary>Drops the reports not renewed by <paramref name="now"/>, telling the subjects' watchers.</summary>
    public void ExpireRemote(DateTimeOffset now)
    {
        foreach (var (subject, reports) in _remote)
        {
            var expired = reports.Where(r => r.Value.Expires <= now).Select(r => r.Key).ToList();
            if (expired.Count(instance => reports.TryRemove(instance, out _)) > 0)
            {
                _subscribers.Send(subject);
            }
        }
    }

    private void Leave(View view)
    {
        if (_present.TryGetValue(view.Subject, out var views) && views.TryRemove(view.Token, out _))
        {
            Notify(view.Subject);
        }
    }

    private void SetEditing(View view, bool editing)
    {
        if (_present.TryGetValue(view.Subject, out var views) && views.TryGetValue(view.Token, out var presence) && presence.Editing != editing
            && views.TryUpdate(view.Token, presence with { Editing = editing }, presence))
        {
            Notify(view.Subject);
        }
    }

    private void Notify(PresenceSubject subject)
    {
        _subscribers.Send(subject);
        _localSubscribers.Send(subject);
    }

    public sealed class View(PresenceTracker tracker, PresenceSubject subject, Guid token) : IDisposable
    {
        private int _left;

        public PresenceSubject Subject { get; } = subject;

        public long AlertId => Subject.Id;

        internal Guid Token { get; } = token;

        /// <summary>Says whether this view has unsaved work; others see it as "editing". Does nothing once left.</summary>
        public void SetEditing(bool editing)
        {
            if (Volatile.Read(ref _left) == 0)
            {
                tracker.SetEditing(this, editing);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                tracker.Leave(this);
            }
        }
    }
}
