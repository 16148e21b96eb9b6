using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecOps.Tests.Support;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Elasticsearch.Presets;

/// <summary>
/// Real audit documents from tests/fixtures/elasticsearch (Auditbeat auditd, Winlogbeat Security, Filebeat CloudTrail; see SOURCES.md)
/// through the ECS audit preset and the audit-event mapper, as the audit tail reads them.
/// </summary>
public sealed partial class EcsAuditPresetTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Preset_SelectsIamConfigurationAndAuthentication_WithEventIdAsTiebreaker()
    {
        var preset = SourcePresets.Resolve("ecsaudit");

        Assert.Same(SourcePresets.EcsAudit, preset);
        Assert.Equal(("@timestamp", "event.id"), (preset.TimeField, preset.TiebreakerField));
        var filter = Assert.Single(preset.Filters);
        Assert.Equal("event.category", filter.Field);
        Assert.Equal(["authentication", "configuration", "iam"], filter.Values.Order());
    }

    [Fact]
    public void AuditbeatUseradd_IamAndAuthenticationEvents_MapActorTargetActionAndOutcome()
    {
        var documents = Fixture("events/auditbeat_auditd_useradd_iam_expected.json");
        Assert.Equal(8, documents.Count);
        Assert.All(documents, d => Assert.True(Selected(d), "every auditd event here is iam or authentication"));

        var events = documents.Select(d => Map(WithAuditTimestamp(d))).ToList();

        var added = events[3];
        Assert.Equal(("iam", "added-user-account", "success"), (added.Category, added.Action, added.Outcome));
        Assert.Equal(("vagrant", "1000", "testuser"), (added.UserName, added.UserId, added.TargetUserName));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1610903553730), added.Timestamp);
        Assert.Equal("vagrant: added-user-account → testuser (success)", added.Summary);
        var password = events[5];
        Assert.Equal(("changed-password", "charlie"), (password.Action, password.TargetUserName));
        Assert.Equal(["iam", "iam", "iam", "iam", "authentication", "iam", "authentication", "authentication"], events.Select(e => e.Category));
        Assert.All(events, e => Assert.StartsWith(DocumentIds.HashPrefix, e.DocumentId));
        Assert.Equal(8, events.Select(e => e.DocumentId).Distinct().Count());
    }

    [Fact]
    public void AuditbeatUserlogin_FailedAndSuccessfulLogins_MapOutcomeSourceIpAndUserId()
    {
        var events = Fixture("events/auditbeat_auditd_userlogin_expected.json").Select(d => Map(WithAuditTimestamp(d))).ToList();

        Assert.Equal(["failure", "success", "success", "success"], events.Select(e => e.Outcome));
        Assert.All(events, e => Assert.Equal("authentication", e.Category));
        Assert.Equal(("unset", "1.2.3.4", "logged-in"), (events[0].UserName, events[0].SourceIp, events[0].Action));
        Assert.Equal((null, "700"), (events[1].UserName, events[1].UserId));
        Assert.Equal(("root", "0", null), (events[2].UserName, events[2].UserId, events[2].SourceIp));
        Assert.Equal("acquired-credentials", events[3].Action);
    }

    [Fact]
    public void AuditbeatExpectedDocuments_HaveNoTimestamp_AndAreRejectedWithoutOne()
    {
        // The expected-output files leave @timestamp out; Auditbeat sets it from the audit record when it publishes.
        var document = JsonSerializer.SerializeToElement(Fixture("events/auditbeat_auditd_userlogin_expected.json")[0]);

        var mapped = AuditEventMapper.Map(new IngestDocument(null, PresetDocument.Apply(SourcePresets.EcsAudit, document), null), "t", Now, 1024 * 1024);

        Assert.Null(mapped.Event);
        Assert.Equal("@timestamp is required.", mapped.Error);
    }

    [Fact]
    public void Winlogbeat4746_GroupMemberAdded_MapsIamActorTargetHostAndTime()
    {
        var document = Assert.Single(Fixture("events/winlogbeat_security_4746_group_member_added_iam.golden.json"));
        Assert.True(Selected(document));

        var e = Map(document);

        Assert.Equal(("iam", "added-member-to-distribution-group", "success"), (e.Category, e.Action, e.Outcome));
        Assert.Equal(("at_adm", "S-1-5-21-1717121054-434620538-60925301-2794", "Administrator"), (e.UserName, e.UserId, e.TargetUserName));
        Assert.Equal("DC_TEST2k12.TEST.SAAS", e.HostName);
        Assert.Equal(DateTimeOffset.Parse("2019-12-18T16:31:01.6117458Z", CultureInfo.InvariantCulture), e.Timestamp);
    }

    [Fact]
    public void Winlogbeat4719_AuditPolicyChange_MapsButHasNoCategoryForThePresetToSelect()
    {
        // This Winlogbeat version sets no event.category on 4719: posted or bulk-sent it is stored, the tail's filter passes it by.
        var document = Assert.Single(Fixture("events/winlogbeat_security_4719_audit_policy_change.golden.json"));

        var e = Map(document);

        Assert.False(Selected(document));
        Assert.Null(e.Category);
        Assert.Equal(("changed-audit-config", "WIN-41OB2LO92CR$", "S-1-5-18"), (e.Action, e.UserName, e.UserId));
        Assert.Equal("WIN-41OB2LO92CR.wlbeat.local", e.HostName);
    }

    [Fact]
    public void CloudTrailConsoleLogin_SuccessAndFailure_MapEventIdUserAndSourceAddress()
    {
        var documents = Fixture("suricata/aws-cloudtrail/console-login-json.log-expected.json");
        Assert.All(documents, d => Assert.True(Selected(d), "event.category is the string \"authentication\" here"));

        var events = documents.Select(Map).ToList();

        Assert.Equal(["3fcfb182-98f8-4744-bd45-10aEXAMPLE", "11ea990b-4678-4bcd-8fbe-625EXAMPLE"], events.Select(e => e.DocumentId));
        Assert.Equal(["success", "failure"], events.Select(e => e.Outcome));
        Assert.Equal(["JohnDoe", "JaneDoe"], events.Select(e => e.UserName));
        Assert.Equal(["192.0.2.110", "192.0.2.100"], events.Select(e => e.SourceIp));
        Assert.All(events, e => Assert.Equal(("authentication", "ConsoleLogin", "AIDACKCEVSQ6C2EXAMPLE"), (e.Category, e.Action, e.UserId)));
        Assert.Equal(DateTimeOffset.Parse("2014-07-16T15:49:27.000Z", CultureInfo.InvariantCulture), events[0].Timestamp);
        Assert.Equal("JaneDoe: ConsoleLogin (failure) from 192.0.2.100", events[1].Summary);
    }

    [Fact]
    public void WinlogbeatComputerName_StandsInForAMissingHostName()
    {
        var document = Assert.Single(Fixture("events/winlogbeat_security_4746_group_member_added_iam.golden.json"));
        document.Remove("host");

        var e = Map(document);

        Assert.Equal("DC_TEST2k12.TEST.SAAS", e.HostName);
    }

    private static List<JsonObject> Fixture(string path) =>
        [.. JsonNode.Parse(File.ReadAllText(SharedFixtures.PathOf(path)))!.AsArray().Select(n => n!.AsObject())];

    /// <summary>Whether the preset's filter (every clause: the field has one of the values) selects the document.</summary>
    private static bool Selected(JsonObject document)
    {
        var flat = new FlatDocument(JsonSerializer.SerializeToElement(document));
        return SourcePresets.EcsAudit.Filters.All(f => flat.Get(f.Field) is { } value
            && (value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(FlatDocument.AsString) : [FlatDocument.AsString(value)])
                .Any(v => v is not null && f.Values.Contains(v)));
    }

    /// <summary>@timestamp as Auditbeat sets it: the time in the audit record (<c>msg=audit(1610903553.730:591)</c>).</summary>
    private static JsonObject WithAuditTimestamp(JsonObject document)
    {
        var original = new FlatDocument(JsonSerializer.SerializeToElement(document)).String("event.original")!;
        var match = AuditRecordTime().Match(original);
        Assert.True(match.Success, original);
        var milliseconds = long.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) * 1000 + long.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
        var copy = document.DeepClone().AsObject();
        copy["@timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("O", CultureInfo.InvariantCulture);
        return copy;
    }

    private static AuditEvent Map(JsonObject document)
    {
        var json = PresetDocument.Apply(SourcePresets.EcsAudit, JsonSerializer.SerializeToElement(document));
        var mapped = AuditEventMapper.Map(new IngestDocument(null, json, null), "elasticsearch", Now, 1024 * 1024);
        Assert.True(mapped.Event is not null, mapped.Error);
        return mapped.Event;
    }

    [GeneratedRegex(@"audit\((?<s>\d+)\.(?<ms>\d{3}):")]
    private static partial Regex AuditRecordTime();
}
