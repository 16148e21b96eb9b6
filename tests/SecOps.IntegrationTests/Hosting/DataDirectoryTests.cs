using SecOps.IntegrationTests.Support;
using SecOps.Web.Hosting;

namespace SecOps.IntegrationTests.Hosting;

public sealed class DataDirectoryTests
{
    [Fact]
    [Trait("Store", TestStore.SqliteOnly)]
    public async Task DataDirectoryAlone_HoldsTheStoreAndTheGeneratedKeys()
    {
        var data = Path.Combine(Path.GetTempPath(), "secops-datadir-" + Guid.NewGuid().ToString("N"));
        // Only SecOps:DataDirectory: the store and key settings SecOpsApp normally gives are taken away again.
        using var app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:DataDirectory"] = data,
            ["ConnectionStrings:SecOps"] = null,
            ["SecOps:Secrets:Directory"] = null,
        }, dataDirectory: data);

        Assert.Equal(data, app.Get<DataPaths>().DataDirectory);
        using var client = app.Client();
        var answer = await client.GetStringAsync("/api/v1/alerts");
        Assert.Contains("\"items\"", answer);
        Assert.True(File.Exists(Path.Combine(data, "secops.db")), "store file in the data directory");
        Assert.True(File.Exists(Path.Combine(data, "keys", "api-key-hash.key")), "API-key hash key in the data directory");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys", "data-protection")));
        Assert.True(File.Exists(Path.Combine(data, "keys", "audit-hmac.key")), "audit chain key in the data directory");
        Assert.True(await app.Get<SecOps.Web.Features.Audit.AuditTrail>().AnchorHeadAsync(CancellationToken.None) > 0, "the bootstrap is audited");
        Assert.True(File.Exists(Path.Combine(data, "audit-anchors.jsonl")), "audit anchor file in the data directory");
    }
}
