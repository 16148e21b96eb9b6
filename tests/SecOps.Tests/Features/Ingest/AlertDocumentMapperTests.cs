using System.Text;
using System.Text.Json;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Features.Ingest;

public sealed class AlertDocumentMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static AlertDocumentMapper.Mapped Map(string json, string? transportId = null)
    {
        var document = Assert.Single(IngestBodyReader.Split(Encoding.UTF8.GetBytes(json), false, 1 << 20));
        return AlertDocumentMapper.Map(document with { TransportId = transportId ?? document.TransportId }, "test", Now);
    }

    private static IReadOnlyList<Alert> RealElasticSecurityAlerts() =>
        File.ReadAllLines(SharedFixtures.PathOf("alerts/security_alert_sources_all.ndjson"))
            .Select(line => Map(line).Alert!)
            .ToList();

    [Fact]
    public void RealElasticSecurityAlerts_AllMap()
    {
        var alerts = RealElasticSecurityAlerts();

        Assert.Equal(13, alerts.Count);
        Assert.All(alerts, a => Assert.NotNull(a));
    }

    [Fact]
    public void EndpointAlert_MixedDottedAndNestedKeys_MapsEveryField()
    {
        var alert = RealElasticSecurityAlerts()[0];

        Assert.Equal("eabbdefc23da981f2b74ab58b82622a97bb9878caa11bc914e2adfacc94780f1", alert.DocumentId);
        Assert.Equal("Endpoint Security", alert.RuleName);
        Assert.Equal(Severity.Medium, alert.Severity);
        Assert.Equal(47, alert.RiskScore);
        Assert.Equal("Host-fwarau82er", alert.HostName);
        Assert.Equal("user1", alert.UserName);
        Assert.Equal(DateTimeOffset.Parse("2023-04-27T11:03:57.906Z"), alert.AlertTime);
        Assert.Equal(DateTimeOffset.Parse("2023-04-29T07:17:32.103Z"), alert.EventTime);
        Assert.Equal(AlertStatus.Open, alert.Status);
        Assert.Equal("malware", alert.EventCategory);
    }

    [Fact]
    public void BehaviorPreventionAlert_MapsSeverityRiskAndEntities()
    {
        var alert = RealElasticSecurityAlerts()[12];

        Assert.Equal("Malicious Behavior Prevention Alert: Regsvr32 Scriptlet Execution", alert.RuleName);
        Assert.Equal(Severity.High, alert.Severity);
        Assert.Equal(73, alert.RiskScore);
        Assert.Equal("My-PC", alert.HostName);
        Assert.Equal("random-user", alert.UserName);
    }

    [Fact]
    public void MinimalRuleRegistryAlert_WithoutRuleNameOrUuid_FallsBackToMessageAndAContentHashId()
    {
        var alert = RealElasticSecurityAlerts()[8];

        Assert.Equal("hello world security", alert.RuleName);
        Assert.StartsWith("sha256:", alert.DocumentId);
    }

    [Fact]
    public void SearchHitsFromEsArchives_UseTheHitIdAsDocumentId()
    {
        var line = File.ReadLines(SharedFixtures.PathOf("alerts/security_alert_hits_from_es_archives.ndjson")).First();
        var alert = Map(line).Alert!;

        Assert.Equal("eabbdefc23da981f2b74ab58b82622a97bb9878caa11bc914e2adfacc94780f1", alert.DocumentId);
        Assert.Equal("Endpoint Security", alert.RuleName);
    }

    [Fact]
    public void DocumentId_PrefersTransportIdThenAlertUuidThenEventId()
    {
        const string doc = """{"@timestamp":"2024-01-01T00:00:00Z","kibana.alert.uuid":"k-1","event":{"id":"e-1"}}""";

        Assert.Equal("t-1", Map(doc, "t-1").DocumentId);
        Assert.Equal("k-1", Map(doc).DocumentId);
        Assert.Equal("e-1", Map("""{"@timestamp":"2024-01-01T00:00:00Z","event":{"id":"e-1"}}""").DocumentId);
    }

    [Fact]
    public void ContentHashId_IsTheSameWhateverTheKeyOrderAndWhiteSpace()
    {
        var a = Map("""{"@timestamp":"2024-01-01T00:00:00Z","host":{"name":"h","ip":"1.2.3.4"}}""");
        var b = Map("""{ "host": { "ip": "1.2.3.4", "name": "h" }, "@timestamp": "2024-01-01T00:00:00Z" }""");

        Assert.Equal(a.DocumentId, b.DocumentId);
        Assert.Equal(a.Alert!.ContentHash, b.Alert!.ContentHash);
    }

    [Theory]
    [InlineData("""{"rule":{"name":"x"}}""", "@timestamp is required")]
    [InlineData("""{"@timestamp":"yesterday"}""", "ISO 8601")]
    [InlineData("""{"@timestamp":{"nested":true}}""", "ISO 8601")]
    public void MissingOrInvalidTimestamp_IsRejectedWithAClearReason(string json, string reason)
    {
        var mapped = Map(json);

        Assert.Null(mapped.Alert);
        Assert.Contains(reason, mapped.Error);
    }

    [Fact]
    public void EpochMillisecondsAndNumbersAsStrings_AreRead()
    {
        var alert = Map("""{"@timestamp":1700000000000,"kibana.alert.risk_score":"88","kibana.alert.rule.name":["first","second"]}""").Alert!;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), alert.AlertTime);
        Assert.Equal(88, alert.RiskScore);
        Assert.Equal(Severity.High, alert.Severity);
        Assert.Equal("first", alert.RuleName);
    }

    [Fact]
    public void MitreThreat_IsReadFromTheRuleThreatArray()
    {
        var alert = Map("""
            {"@timestamp":"2024-01-01T00:00:00Z","kibana.alert.rule.threat":[{"framework":"MITRE ATT&CK",
             "tactic":{"id":"TA0006","name":"Credential Access"},"technique":[{"id":"T1110","name":"Brute Force"}]}]}
            """).Alert!;

        Assert.Equal("Credential Access", alert.MitreTactic);
        Assert.Equal("T1110 Brute Force", alert.MitreTechnique);
    }

    [Fact]
    public void HostileFieldValues_AreKeptAsTextWithBidiNeutralisedAndRawDocumentIntact()
    {
        const string payload = "<img src=x onerror=alert(1)>";
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = "2024-01-01T00:00:00Z",
            ["kibana.alert.rule.name"] = payload,
            ["host.name"] = "evil\u202Egpj.exe",
        });
        var alert = Map(json).Alert!;

        Assert.Equal(payload, alert.RuleName);
        Assert.Equal("evil\uFFFDgpj.exe", alert.HostName);
        Assert.Contains("\\u202E", alert.RawDocument, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fingerprint_IsTheSameForRepeatsOfOneDetectionOnOneEntity()
    {
        var a = Map("""{"@timestamp":"2024-01-01T00:00:00Z","rule":{"id":"r1"},"host":{"name":"h1"},"event":{"id":"1"}}""").Alert!;
        var b = Map("""{"@timestamp":"2024-01-02T00:00:00Z","rule":{"id":"r1"},"host":{"name":"h1"},"event":{"id":"2"}}""").Alert!;
        var c = Map("""{"@timestamp":"2024-01-02T00:00:00Z","rule":{"id":"r1"},"host":{"name":"h2"},"event":{"id":"3"}}""").Alert!;

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }
}
