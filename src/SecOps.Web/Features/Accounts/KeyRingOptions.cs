namespace SecOps.Web.Features.Accounts;

/// <summary>
/// How the Data Protection key ring is encrypted at rest (<c>SecOps:DataProtection</c>): with a certificate from the
/// environment (a mounted secret), so a copy of the store or key directory alone does not yield the keys that protect
/// sign-in cookies, antiforgery tokens and TOTP secrets.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "SecOps:DataProtection";

    /// <summary>PKCS#12 (.pfx) or PEM certificate with a private key; new keys are encrypted to it. Unset: keys stored unencrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of a PKCS#12 file, or of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>PEM private key, when it is not in <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Certificates keys were encrypted to before a rotation: still read, never used for new keys.</summary>
    public List<KeyRingCertificate> PreviousCertificates { get; set; } = [];

    public KeyRingCertificate? Current => string.IsNullOrWhiteSpace(CertificatePath)
        ? null : new KeyRingCertificate { Path = CertificatePath, Password = CertificatePassword, KeyPath = CertificateKeyPath };
}

/// <summary>One certificate file (PKCS#12, or PEM with its key beside it or in <see cref="KeyPath"/>).</summary>
public sealed class KeyRingCertificate
{
    public string Path { get; set; } = "";

    public string? Password { get; set; }

    public string? KeyPath { get; set; }
}
