using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Communications;

/// <summary>Who speaks in the notification templates, section <c>SecOps:Communications</c>; both are left to complete by hand when unset.</summary>
public sealed class CommunicationOptions
{
    public const string SectionName = "SecOps:Communications";

    /// <summary>The organisation's name as the messages sign it (the controller, for GDPR).</summary>
    [MaxLength(200)]
    public string Organisation { get; set; } = "";

    /// <summary>The data protection officer's name and contact details (GDPR Art. 33(3)(b), Art. 34(2)).</summary>
    [MaxLength(500)]
    public string DpoContact { get; set; } = "";
}
