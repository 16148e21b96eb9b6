namespace SecOps.Web.Features.Incidents;

/// <summary>Where an incident stands: open until someone works it, resolved when the work is done, closed after review.</summary>
public enum IncidentStatus
{
    Open = 0,
    InProgress = 1,
    Resolved = 2,
    Closed = 3,
}

/// <summary>PRODUCT.md's one phase list (incidents, playbooks, metrics); MTTC ends at the first entry into containment.</summary>
public enum IncidentPhase
{
    DetectionAndAnalysis = 0,
    Containment = 1,
    EradicationAndRecovery = 2,
    PostIncident = 3,
}

/// <summary>The ENISA reference incident classification the type taxonomy is seeded from.</summary>
public enum IncidentType
{
    Other = 0,
    MaliciousCode = 1,
    Availability = 2,
    InformationGathering = 3,
    IntrusionAttempts = 4,
    Intrusions = 5,
    InformationContentSecurity = 6,
    Fraud = 7,
    Vulnerable = 8,
    AbusiveContent = 9,
}

/// <summary>Traffic Light Protocol 2.0 (how far the incident's information may be shared).</summary>
public enum Tlp
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    AmberStrict = 3,
    Red = 4,
}

/// <summary>Permissible Actions Protocol (what may be done with the incident's indicators).</summary>
public enum Pap
{
    Clear = 0,
    Green = 1,
    Amber = 2,
    Red = 3,
}

/// <summary>The words the pages show for the vocabulary.</summary>
public static class IncidentVocabulary
{
    public static string Label(IncidentStatus status) => status switch
    {
        IncidentStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Label(IncidentPhase phase) => phase switch
    {
        IncidentPhase.DetectionAndAnalysis => "Detection and analysis",
        IncidentPhase.Containment => "Containment",
        IncidentPhase.EradicationAndRecovery => "Eradication and recovery",
        _ => "Post-incident",
    };

    public static string Label(IncidentType type) => type switch
    {
        IncidentType.MaliciousCode => "Malicious code",
        IncidentType.InformationGathering => "Information gathering",
        IncidentType.IntrusionAttempts => "Intrusion attempts",
        IncidentType.InformationContentSecurity => "Information content security",
        IncidentType.AbusiveContent => "Abusive content",
        _ => type.ToString(),
    };

    public static string Label(Tlp tlp) => tlp == Tlp.AmberStrict ? "TLP:AMBER+STRICT" : "TLP:" + tlp.ToString().ToUpperInvariant();

    public static string Label(Pap pap) => "PAP:" + pap.ToString().ToUpperInvariant();

    /// <summary>Open and in-progress incidents take more alerts; resolved and closed ones do not.</summary>
    public static bool IsOpen(IncidentStatus status) => status is IncidentStatus.Open or IncidentStatus.InProgress;
}
