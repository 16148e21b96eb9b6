namespace SecOps.Web.Features.Automation;

/// <summary>
/// One rule's firing on one alert or incident, stored. The row is inserted before anything is done, under a unique
/// key (rule, subject): of several instances sharing a store, which all see every new alert, only the one whose insert
/// went in acts. The outcome is filled in afterwards, so every instance's admin page lists every instance's firings.
/// </summary>
public sealed class RuleFiring
{
    public long Id { get; set; }

    /// <summary>The automation rule's name (configured and stored rules share one namespace).</summary>
    public required string Rule { get; set; }

    /// <summary><c>alert:ID</c> or <c>incident:ID</c>, as in the audit trail.</summary>
    public required string Subject { get; set; }

    public DateTimeOffset ClaimedAt { get; set; }

    /// <summary>
    /// Claimed while the rule was at its limit: the firing was skipped. Only the others count towards the limit, so it
    /// holds across every instance sharing the store (<see cref="AutomationFirings.ClaimAsync"/>).
    /// </summary>
    public bool OverLimit { get; set; }

    /// <summary>What the firing did (steps joined); null while the claiming instance is still acting.</summary>
    public string? Outcome { get; set; }

    public bool? Succeeded { get; set; }
}
