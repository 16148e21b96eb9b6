using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Encrypts the key ring to the configured certificate and reads keys encrypted to it or to any earlier one, so a
/// certificate is rotated by configuring the new one and moving the old one to <see cref="KeyRingOptions.PreviousCertificates"/>.
/// </summary>
public static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeysWith(this IDataProtectionBuilder dataProtection, KeyRingOptions options)
    {
        if (options.Current is not { } current)
        {
            return dataProtection;
        }
        var certificate = Load(current);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}:CertificatePath ({current.Path}) has no private key: the app could not read its own keys.");
        }
        var readable = options.PreviousCertificates.Where(c => !string.IsNullOrWhiteSpace(c.Path)).Select(Load).Prepend(certificate).ToArray();
        return dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(readable);
    }

    public static X509Certificate2 Load(KeyRingCertificate file)
    {
        var path = Path.GetFullPath(file.Path);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}: certificate file {path} does not exist.");
        }
        if (X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, file.Password);
        }
        var keyPath = string.IsNullOrWhiteSpace(file.KeyPath) ? null : Path.GetFullPath(file.KeyPath);
        return string.IsNullOrEmpty(file.Password)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, file.Password, keyPath);
    }
}
