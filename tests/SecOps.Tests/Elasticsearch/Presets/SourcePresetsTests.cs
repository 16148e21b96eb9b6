using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Elasticsearch.Presets;

/// <summary>Real documents from tests/fixtures/elasticsearch through a preset's field mappings and the ingest mapper.</summary>
public sealed class SourcePresetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ElasticSecurity_KibanaAlert_MapsRuleSeverityHostTimesAndStatus()
    {
        var line = File.ReadLines(SharedFixtures.PathOf("alerts/security_alert_sources_all.ndjson")).First();

        var alert = Map(SourcePresets.ElasticSecurity, JsonDocument.Parse(line).RootElement);

        Assert.Equal("eabbdefc23da981f2b74ab58b82622a97bb9878caa11bc914e2adfacc94780f1", alert.DocumentId);
        Assert.Equal("Endpoint Security", alert.RuleName);
        Assert.Equal(Severity.Medium, alert.Severity);
        Assert.Equal(47, alert.RiskScore);
        Assert.Equal("Host-fwarau82er", alert.HostName);
        Assert.Equal(DateTimeOffset.Parse("2023-04-27T11:03:57.906Z"), alert.AlertTime);
        Assert.Equal(DateTimeOffset.Parse("2023-04-29T07:17:32.103Z"), alert.EventTime);
        Assert.Equal(AlertStatus.Open, alert.Status);
    }

    [Fact]
    public void ElasticSecurity_EndpointArchiveDocuments_MapHostUserAndTimeWithTheHitIdAsDocumentId()
    {
        var text = File.ReadAllText(SharedFixtures.PathOf("security-alerts/kibana_cypress_es_archive_endpoint.data.json"));
        var records = Regex.Split(text.Trim(), @"\n\s*\n(?=\{)").Select(r => JsonDocument.Parse(r).RootElement.GetProperty("value")).ToList();
        Assert.Equal(2, records.Count);

        var first = Map(SourcePresets.ElasticSecurity, records[0].GetProperty("source"), records[0].GetProperty("id").GetString());

        Assert.Equal("_aZE5nwBOpWiDwiSth_F", first.DocumentId);
        Assert.Equal("siem-kibana", first.HostName);
        Assert.Equal("test", first.UserName);
        Assert.Equal(DateTimeOffset.Parse("2022-03-04T19:41:33.045Z"), first.AlertTime);
        Assert.Equal("process_started", first.RuleName);
        Assert.Equal("process", first.EventCategory);
    }

    [Fact]
    public void Wazuh_AnalysisdAlert_MapsDescriptionLevelAgentSourceIpUserAndTimestamp()
    {
        var yaml = File.ReadAllText(SharedFixtures.PathOf("wazuh/cases_integratord_read_valid_json_alerts.yaml"));
        var folded = Regex.Match(yaml, @"alert_sample: '(?<json>.*?\})'", RegexOptions.Singleline).Groups["json"].Value;
        var json = Regex.Replace(folded, @"\s*\n\s*", " ");

        var alert = Map(SourcePresets.Wazuh, JsonDocument.Parse(json).RootElement);

        Assert.Equal("sshd: brute force trying to get access to the system. Non existent user.", alert.RuleName);
        Assert.Equal("5712", alert.RuleId);
        Assert.Equal(Severity.High, alert.Severity); // level 10
        Assert.Equal("localhost.localdomain", alert.HostName);
        Assert.Equal("172.17.1.1", alert.SourceIp);
        Assert.Equal("paco", alert.UserName);
        Assert.Equal(new DateTimeOffset(2022, 5, 11, 12, 29, 19, 905, TimeSpan.Zero), alert.AlertTime);
        Assert.Equal("1652272159.1549653", alert.DocumentId);
    }

    [Fact]
    public void Wazuh_IndexerDocuments_MapEveryLineWithAgentAsHost()
    {
        var lines = File.ReadLines(SharedFixtures.PathOf("wazuh/wazuh-indexer_events-generator_wazuh-alerts_subset.ndjson"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Replace("{timestamp}", "2025-01-17T08:00:00.000Z", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(35, lines.Count);

        var alerts = lines.Select(l => Map(SourcePresets.Wazuh, JsonDocument.Parse(l).RootElement, "t")).ToList();

        Assert.Equal("File added to the system.", alerts[0].RuleName);
        Assert.Equal(Severity.Medium, alerts[0].Severity); // level 5
        Assert.Equal("Ubuntu", alerts[0].HostName);
        Assert.Equal("554", alerts[0].RuleId);
        Assert.Equal("Audit: Command: /usr/sbin/hostname", alerts[22].RuleName);
        Assert.Equal(Severity.Low, alerts[22].Severity); // level 3
        Assert.Equal("Debian", alerts[22].HostName);
        Assert.All(alerts, a => Assert.Equal(new DateTimeOffset(2025, 1, 17, 8, 0, 0, TimeSpan.Zero), a.AlertTime));
        Assert.All(alerts, a => Assert.NotEqual("Unnamed alert", a.RuleName));
    }

    [Fact]
    public void Suricata_FilebeatEveAlerts_MapSignatureSeverityAddressesAndTime()
    {
        var documents = JsonDocument.Parse(File.ReadAllText(SharedFixtures.PathOf("suricata/eve-alerts.log-expected.json"))).RootElement
            .EnumerateArray().ToList();
        var alerts = documents.Where(d => d.GetProperty("event.kind").GetString() == "alert").Select(d => Map(SourcePresets.Suricata, d, "t")).ToList();
        Assert.Equal(21, alerts.Count);

        var first = alerts[0];
        Assert.Equal("ET POLICY curl User-Agent Outbound", first.RuleName);
        Assert.Equal("2013028", first.RuleId);
        Assert.Equal(Severity.Medium, first.Severity); // Suricata severity 2
        Assert.Equal("192.168.1.146", first.SourceIp);
        Assert.Equal("93.184.216.34", first.DestinationIp);
        Assert.Equal(DateTimeOffset.Parse("2018-10-03T14:42:44.836Z"), first.AlertTime);
        var tls = alerts.Single(a => a.RuleName == "SURICATA TLS on unusual port");
        Assert.Equal(Severity.Low, tls.Severity); // Suricata severity 3
    }

    [Fact]
    public void Zeek_FilebeatNotices_MapNoteSourceIpMessageAndTime()
    {
        var documents = JsonDocument.Parse(File.ReadAllText(SharedFixtures.PathOf("suricata/zeek-notice/notice-json.log-expected.json"))).RootElement
            .EnumerateArray().ToList();

        var alerts = documents.Select(d => Map(SourcePresets.ZeekNotice, d, "t")).ToList();

        Assert.Equal(["SSH::Password_Guessing", "Scan::Port_Scan"], alerts.Select(a => a.RuleName));
        Assert.Equal("172.16.238.1", alerts[0].SourceIp);
        Assert.Equal("172.16.238.1 appears to be guessing SSH passwords (seen in 30 connections).", alerts[0].Reason);
        Assert.Equal(DateTimeOffset.Parse("2011-11-04T19:44:35.879Z"), alerts[0].AlertTime);
    }

    [Fact]
    public void Apply_NeverOverwritesAFieldTheDocumentHas_AndLeavesUnmappedDocumentsAlone()
    {
        var document = JsonDocument.Parse("""{"rule":{"name":"kept","description":"not used"},"agent":{"name":"a1"}}""").RootElement;

        var mapped = new FlatDocument(PresetDocument.Apply(SourcePresets.Wazuh, document));

        Assert.Equal("kept", mapped.String("rule.name"));
        Assert.Equal("a1", mapped.String("host.name"));
        var untouched = JsonDocument.Parse("""{"x":1}""").RootElement;
        Assert.Equal(untouched.GetRawText(), PresetDocument.Apply(SourcePresets.Wazuh, untouched).GetRawText());
    }

    [Fact]
    public void Resolve_BuiltInsAliasesAndUnknownNames()
    {
        Assert.Same(SourcePresets.ElasticSecurity, SourcePresets.Resolve("elasticsecurity"));
        Assert.Same(SourcePresets.GenericEcs, SourcePresets.Resolve("Ecs"));
        Assert.Equal("event.id", SourcePresets.Resolve("GenericEcs").TiebreakerField);
        Assert.Equal("kibana.alert.workflow_status_updated_at", SourcePresets.ElasticSecurity.StatusTimeField);
        Assert.All(SourcePresets.BuiltIn, p => Assert.NotEqual("_id", p.TiebreakerField));
        Assert.Throws<InvalidOperationException>(() => SourcePresets.Resolve("Nope"));
    }

    [Fact]
    public void Resolve_UserDefinedPresetFromConfiguration_WithItsOwnFieldMappings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SourcePresets.ConfigurationSection}:Firewall:TiebreakerField"] = "fw.id",
            [$"{SourcePresets.ConfigurationSection}:Firewall:Filters:0:Field"] = "event.dataset",
            [$"{SourcePresets.ConfigurationSection}:Firewall:Filters:0:Values:0"] = "fw.alerts",
            [$"{SourcePresets.ConfigurationSection}:Firewall:FieldMappings:0:Target"] = "rule.name",
            [$"{SourcePresets.ConfigurationSection}:Firewall:FieldMappings:0:From:0"] = "fw.policy",
            [$"{SourcePresets.ConfigurationSection}:Bad:TiebreakerField"] = "_id",
        }).Build();

        var preset = SourcePresets.Resolve("Firewall", configuration);
        var alert = Map(preset, JsonDocument.Parse("""{"@timestamp":"2025-01-17T08:00:00Z","fw":{"policy":"deny-ssh","id":"f1"}}""").RootElement, "t");

        Assert.Equal(("fw.id", "@timestamp"), (preset.TiebreakerField, preset.TimeField));
        Assert.Equal(new PresetFilter("event.dataset", ["fw.alerts"]).Field, Assert.Single(preset.Filters).Field);
        Assert.Equal("deny-ssh", alert.RuleName);
        Assert.Throws<InvalidOperationException>(() => SourcePresets.Resolve("Bad", configuration));
    }

    private static Alert Map(SourcePreset preset, JsonElement source, string? transportId = null)
    {
        var json = PresetDocument.Apply(preset, source);
        var mapped = AlertDocumentMapper.Map(new IngestDocument(null, json, null, transportId), "elasticsearch", Now);
        Assert.True(mapped.Alert is not null, mapped.Error);
        return mapped.Alert;
    }
}
