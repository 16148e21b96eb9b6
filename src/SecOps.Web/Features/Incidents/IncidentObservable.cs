namespace SecOps.Web.Features.Incidents;

/// <summary>What an observable is; PRODUCT.md's list.</summary>
public enum ObservableType
{
    Ip = 0,
    Domain = 1,
    Url = 2,
    Hash = 3,
    User = 4,
    Email = 5,
}

/// <summary>
/// A thing seen in an incident (an address, a domain, a hash, an account), once per type and value on an incident.
/// An IOC is one the responders hold to be an indicator of compromise. The value is attacker-controlled: shown as text.
/// </summary>
public sealed class IncidentObservable
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public ObservableType Type { get; set; }
    public required string Value { get; set; }
    public bool Ioc { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public required string AddedById { get; set; }
    public required string AddedByName { get; set; }
}
