using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, data protection: with <c>SecOps:DataProtection:CertificatePath</c> the stored key ring is encrypted to the
/// certificate (KeyRingProtection); another instance with the certificate reads what the first protected, one without cannot.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private const string Purpose = "KeyRingProtectionTests";

    private readonly string _store = Path.Combine(Path.GetTempPath(), "secops-it-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void WithACertificate_StoredKeysAreEncryptedToIt_AndAnInstanceWithItReadsWhatAnotherProtected()
    {
        var certificate = WriteCertificate("current", "cert-password");
        string payload;
        using (var first = new SecOpsApp(certificate, _store, keepStore: true))
        {
            payload = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect("the session");
        }

        var stored = StoredKeyXml();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<EncryptedKey", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
        using var second = new SecOpsApp(certificate, _store, keepStore: true);
        Assert.Equal("the session", second.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
    }

    [Fact]
    public void WithoutTheCertificate_AnInstanceOnTheSameStoreCannotReadWhatAnotherProtected()
    {
        var certificate = WriteCertificate("current", "cert-password");
        string payload;
        using (var first = new SecOpsApp(certificate, _store, keepStore: true))
        {
            payload = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect("the session");
        }

        using var second = new SecOpsApp(dataDirectory: _store, keepStore: true);
        var protector = second.Get<IDataProtectionProvider>().CreateProtector(Purpose);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(payload));
    }

    [Fact]
    public void AfterARotation_KeysEncryptedToThePreviousCertificateAreStillRead_AndNewOnesGoToTheNewCertificate()
    {
        var old = WriteCertificate("old", "old-password");
        string payload;
        using (var first = new SecOpsApp(old, _store, keepStore: true))
        {
            payload = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect("the session");
        }
        var rotated = WriteCertificate("new", null);
        rotated["SecOps:DataProtection:PreviousCertificates:0:Path"] = old["SecOps:DataProtection:CertificatePath"];
        rotated["SecOps:DataProtection:PreviousCertificates:0:Password"] = old["SecOps:DataProtection:CertificatePassword"];

        using var second = new SecOpsApp(rotated, _store, keepStore: true);
        Assert.Equal("the session", second.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
        var manager = second.Get<IKeyManager>();
        manager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var stored = StoredKeyXml();
        Assert.Contains(stored, xml => xml.Contains(CertificateBase64(old)));
        Assert.Contains(stored, xml => xml.Contains(CertificateBase64(rotated)));
    }

    /// <summary>A self-signed RSA certificate with its key, written as PKCS#12 (with a password) or PEM (without).</summary>
    private Dictionary<string, string?> WriteCertificate(string name, string? password)
    {
        Directory.CreateDirectory(_store);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=secops-keyring-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var settings = new Dictionary<string, string?>();
        if (password is not null)
        {
            var path = Path.Combine(_store, name + ".pfx");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
            settings["SecOps:DataProtection:CertificatePath"] = path;
            settings["SecOps:DataProtection:CertificatePassword"] = password;
        }
        else
        {
            var path = Path.Combine(_store, name + ".pem");
            File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());
            settings["SecOps:DataProtection:CertificatePath"] = path;
        }
        return settings;
    }

    /// <summary>The certificate as encrypted key XML names its recipient (X509Data).</summary>
    private static string CertificateBase64(Dictionary<string, string?> settings) => Convert.ToBase64String(KeyRingProtection.Load(new()
    {
        Path = settings["SecOps:DataProtection:CertificatePath"]!,
        Password = settings.GetValueOrDefault("SecOps:DataProtection:CertificatePassword"),
    }).RawData);

    /// <summary>The key ring as stored: rows of the DataProtectionKeys table on PostgreSQL, files beside the other keys on SQLite.</summary>
    private List<string> StoredKeyXml()
    {
        if (TestStore.Provider == StoreProvider.Postgres)
        {
            using var db = TestStore.Open(_store);
            return db.DataProtectionKeys.Select(k => k.Xml ?? "").ToList();
        }
        return Directory.GetFiles(Path.Combine(_store, "keys", "data-protection"), "*.xml").Select(File.ReadAllText).ToList();
    }

    public void Dispose() => TestStore.Delete(_store);
}
