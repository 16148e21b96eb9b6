namespace SecOps.Web.Features.Accounts;

/// <summary>First-start provisioning from the environment (<c>SecOps__Bootstrap__*</c>); never kept in appsettings.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "SecOps:Bootstrap";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>Base32 TOTP secret that pre-enrols the first administrator, for automated environments.</summary>
    public string? AdminTotpSecret { get; set; }

    public string? ApiKey { get; set; }
}
