using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Where the app's own secrets come from. Values come from the environment or a secret store; when a key
/// is not given, one is generated once into <see cref="Directory"/> (outside the database) and reused.
/// </summary>
public sealed class SecretOptions
{
    public const string SectionName = "SecOps:Secrets";

    /// <summary>Base64 key for the HMAC under which API keys are stored.</summary>
    public string? ApiKeyHashKey { get; set; }

    /// <summary>Base64 key (at least 32 bytes) of the audit trail's HMAC chain; instances sharing a store must share it.</summary>
    public string? AuditKey { get; set; }

    /// <summary>Where generated keys are kept; relative to the data directory (<see cref="Hosting.DataPaths"/>), default <c>keys</c> there.</summary>
    [Required]
    public string Directory { get; set; } = Hosting.DataPaths.DefaultKeyDirectory;
}
