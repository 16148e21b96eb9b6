using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// Tells open incident pages that an incident changed (its id), after the change committed. In-process only: with
/// several instances a page sees changes made through its own instance (the hub's <c>incidents</c> event comes later).
/// </summary>
public sealed class IncidentChanges(ILogger<IncidentChanges> logger)
{
    private readonly Subscribers<long> _subscribers = new(logger);

    public IDisposable Subscribe(Action<long> onChanged) => _subscribers.Add(onChanged);

    public void Publish(long incidentId) => _subscribers.Send(incidentId);
}
