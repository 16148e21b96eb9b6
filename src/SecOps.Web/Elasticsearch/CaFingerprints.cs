using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecOps.Web.Elasticsearch;

/// <summary>
/// Server-certificate validation for clusters with their own CA: either the CA's SHA-256 fingerprint is pinned
/// (what Elasticsearch prints on first start) or the CA certificate is given as a file.
/// </summary>
public static class CaFingerprints
{
    /// <summary>Lower-case hex without separators, or null when the text is not a SHA-256 digest.</summary>
    public static string? Normalise(string fingerprint)
    {
        var hex = fingerprint.Replace(":", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    public static string Of(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>The callback for <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>, or null for the system's default.</summary>
    public static RemoteCertificateValidationCallback? CreateValidator(string? caFingerprint, string? caCertificatePath)
    {
        if (caFingerprint is { Length: > 0 })
        {
            var pinned = Normalise(caFingerprint) ?? throw new ArgumentException("Invalid CA fingerprint.", nameof(caFingerprint));
            return (_, certificate, chain, errors) => certificate is not null && ValidatePinned(new X509Certificate2(certificate), chain, errors, pinned);
        }
        if (caCertificatePath is { Length: > 0 })
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
            return (_, certificate, chain, errors) => certificate is not null && ValidateAgainst(new X509Certificate2(certificate), chain, errors, ca);
        }
        return null;
    }

    /// <summary>Accepts the server only when a certificate in its chain has the pinned fingerprint and the leaf chains to it.</summary>
    public static bool ValidatePinned(X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors, string pinnedHex)
    {
        var presented = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            presented.AddRange(chain.ChainElements.Select(e => e.Certificate));
            presented.AddRange(chain.ChainPolicy.ExtraStore);
        }
        var ca = presented.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(Of(c)), Convert.FromHexString(pinnedHex)));
        return ca is not null && ValidateAgainst(leaf, chain, errors, ca);
    }

    /// <summary>Builds the leaf's chain with <paramref name="ca"/> as the only trusted root; the host name must still match.</summary>
    public static bool ValidateAgainst(X509Certificate2 leaf, X509Chain? presented, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainElements.Select(e => e.Certificate).ToArray());
        }
        // A leaf that is itself the pinned CA (a self-signed node certificate) is accepted as its own root.
        return chain.Build(leaf);
    }
}
