namespace SecOps.Web.Features.Automation;

/// <summary>
/// An automation rule an administrator made on <c>/admin/automation</c>. The rule itself is kept as JSON
/// (<see cref="AutomationRules.Serialize"/>), the same shape as a configured rule, so both run through the same engine.
/// </summary>
public sealed class StoredAutomationRule
{
    public long Id { get; set; }

    /// <summary>Unique among stored rules; a configured rule of the same name is refused on save.</summary>
    public required string Name { get; set; }

    public required string Definition { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The user id of who last saved it.</summary>
    public required string ChangedBy { get; set; }
}
