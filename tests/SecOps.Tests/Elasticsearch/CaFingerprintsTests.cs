using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecOps.Web.Elasticsearch;

namespace SecOps.Tests.Elasticsearch;

public sealed class CaFingerprintsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Pinned_AcceptsALeafSignedByThePinnedCa()
    {
        var (ca, leaf) = Issue();
        using var chain = Presented(ca);

        Assert.True(CaFingerprints.ValidatePinned(leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors, CaFingerprints.Of(ca)));
    }

    [Fact]
    public void Pinned_RefusesAnotherCa()
    {
        var (ca, leaf) = Issue();
        var (otherCa, _) = Issue();
        using var chain = Presented(ca);

        Assert.False(CaFingerprints.ValidatePinned(leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors, CaFingerprints.Of(otherCa)));
    }

    [Fact]
    public void Pinned_RefusesAHostNameMismatch()
    {
        var (ca, leaf) = Issue();
        using var chain = Presented(ca);

        Assert.False(CaFingerprints.ValidatePinned(leaf, chain, SslPolicyErrors.RemoteCertificateNameMismatch, CaFingerprints.Of(ca)));
    }

    [Theory]
    [InlineData("AB:CD", null)]
    [InlineData("not hex", null)]
    public void Normalise_RejectsWhatIsNotASha256(string input, string? expected)
    {
        Assert.Equal(expected, CaFingerprints.Normalise(input));
    }

    [Fact]
    public void Normalise_AcceptsColonSeparatedUpperCase()
    {
        var hex = new string('A', 64);
        var colons = string.Join(':', Enumerable.Range(0, 32).Select(i => hex.Substring(i * 2, 2)));

        Assert.Equal(new string('a', 64), CaFingerprints.Normalise(colons));
    }

    private static X509Chain Presented(X509Certificate2 ca)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.Add(ca);
        return chain;
    }

    private static (X509Certificate2 Ca, X509Certificate2 Leaf) Issue()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=secops-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var ca = caRequest.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var leaf = leafRequest.Create(ca, Now.AddDays(-1), Now.AddDays(10), [1, 2, 3, 4]);
        return (ca, leaf);
    }
}
