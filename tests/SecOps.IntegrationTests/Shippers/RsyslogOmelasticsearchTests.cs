using System.Text.RegularExpressions;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Shippers;

/// <summary>
/// Black box: rsyslogd with omelasticsearch (Debian 12's 8.2302) tails a log file with imfile and bulk-ships
/// ECS alert documents, using the repository's <c>deploy/shippers/rsyslog-omelasticsearch.conf</c> as it is.
/// </summary>
[Trait("Category", "Shipper")]
public sealed partial class RsyslogOmelasticsearchTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private Uri ElasticUrl => new(_app.BaseAddress, "/api/v1/elastic");

    [GeneratedRegex("^[0-9A-F]{32}$")]
    private static partial Regex RsyslogUuid();

    [Fact]
    public async Task FailedPasswordLines_ArriveAsEcsAlertsThroughTheReadApi_OtherLinesAreNotShipped()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        using var rsyslog = await RsyslogShipper.StartAsync(ElasticUrl, key);
        string[] failed =
        [
            "web-01 sshd[811]: Failed password for invalid user admin from 203.0.113.7 port 52113 ssh2",
            "db-02 sshd[77]: Failed password for root from 198.51.100.23 port 40022 ssh2",
        ];

        // The accepted login comes first: rsyslog ships in order, so once the last failed line is stored it would be too.
        rsyslog.Append("web-01 sshd[811]: Accepted publickey for deploy from 192.0.2.10 port 50000 ssh2", failed[0], failed[1]);

        var alerts = await ShippedAlerts.WaitForAsync(_app, failed.Length, () => rsyslog.Output);
        Assert.Equal(failed.Length, alerts.Count);
        var first = alerts.Single(a => a.Reason == failed[0]);
        Assert.Equal(("SSH failed password", "web-01", "admin", "203.0.113.7", "high"), (first.RuleName, first.HostName, first.UserName, first.SourceIp, first.Severity));
        var second = alerts.Single(a => a.Reason == failed[1]);
        Assert.Equal(("db-02", "root", "198.51.100.23"), (second.HostName, second.UserName, second.SourceIp));
        Assert.All(alerts, a =>
        {
            Assert.Equal("elastic-bulk", a.Source);
            Assert.Equal("authentication", a.EventCategory);
            // The bulk _id is rsyslog's per-message UUID (bulkid), so a resent batch cannot duplicate.
            Assert.Matches(RsyslogUuid(), a.DocumentId);
        });
        Assert.False(File.Exists(rsyslog.ErrorFile), "omelasticsearch reported failures: " + (File.Exists(rsyslog.ErrorFile) ? File.ReadAllText(rsyslog.ErrorFile) : ""));
    }

    [Fact]
    public async Task HostileLogLine_IsEscapedByTheTemplate_AndStoredExactlyAsText()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest);
        using var rsyslog = await RsyslogShipper.StartAsync(ElasticUrl, key);
        const string hostile = "gw \"quoted\" \\back\\slash <img src=x onerror=alert(1)> {\"json\":1} sshd[9]: Failed password for <script>alert(2)</script> from 192.0.2.99 port 1 ssh2";

        rsyslog.Append(hostile);

        var alert = (await ShippedAlerts.WaitForAsync(_app, 1, () => rsyslog.Output)).Single();
        Assert.Equal(hostile, alert.Reason);
        Assert.Equal("<script>alert(2)</script>", alert.UserName);
        Assert.Equal("192.0.2.99", alert.SourceIp);
    }

    [Fact]
    public async Task UnknownKey_RsyslogKeepsTheBatchInItsErrorFileWithElasticsearchsSecurityException()
    {
        using var rsyslog = await RsyslogShipper.StartAsync(ElasticUrl, "soc_not-a-key-of-this-installation-0123456789");
        const string line = "web-09 sshd[5]: Failed password for alice from 203.0.113.50 port 2222 ssh2";

        rsyslog.Append(line);

        await Eventually.HoldsAsync(() => File.Exists(rsyslog.ErrorFile) && File.ReadAllText(rsyslog.ErrorFile).Contains("security_exception", StringComparison.Ordinal),
            () => "omelasticsearch wrote no security_exception to its error file.\n" + rsyslog.Output, TimeSpan.FromSeconds(60));
        var report = File.ReadAllText(rsyslog.ErrorFile);
        Assert.Contains("203.0.113.50", report);
        Assert.Contains("\"status\": 401", report);
        Assert.DoesNotContain("soc_not-a-key", report);
        Assert.Empty(await ShippedAlerts.ReadAsync(_app));
    }
}
