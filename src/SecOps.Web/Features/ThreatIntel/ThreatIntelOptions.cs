namespace SecOps.Web.Features.ThreatIntel;

/// <summary>
/// The threat-intelligence provider, section <c>SecOps:ThreatIntel</c>. MISP's <c>Url</c> must be on the outbound
/// allowlist (<c>SecOps:Outbound:AllowedHosts</c>); its <c>ApiKey</c> comes from the environment or a secret store
/// (<c>SecOps__ThreatIntel__Misp__ApiKey</c>), never from a file in the repository.
/// </summary>
public sealed class ThreatIntelOptions
{
    public const string SectionName = "SecOps:ThreatIntel";

    public MispOptions Misp { get; set; } = new();

    /// <summary>At most this many observables are looked up per step (the first ones, IOC-flagged first).</summary>
    public int MaxObservables { get; set; } = 20;
}

public sealed class MispOptions
{
    /// <summary>The MISP instance's base URL (https://misp.example.org); empty turns lookups off.</summary>
    public Uri? Url { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>At most this many attributes are read per observable.</summary>
    public int Limit { get; set; } = 10;
}
