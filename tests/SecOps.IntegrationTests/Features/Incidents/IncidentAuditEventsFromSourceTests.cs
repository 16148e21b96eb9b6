using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Audit events on the incident timeline through the Elasticsearch path: with a source configured, the timeline asks it
/// (an in-test double holding real Winlogbeat and Auditbeat documents from tests/fixtures/elasticsearch/events) for the
/// events about the incident's users and hosts, and says so plainly when the source does not answer.
/// </summary>
public sealed class IncidentAuditEventsFromSourceTests : IAsyncLifetime
{
    /// <summary>The real Winlogbeat 4746 event: at_adm added Administrator to a group on DC_TEST2k12.TEST.SAAS.</summary>
    private static readonly DateTimeOffset GroupMemberAdded = DateTimeOffset.Parse("2019-12-18T16:31:01.6117458Z");

    private readonly string _store = TailApp.NewStoreDirectory();
    private ElasticsearchDouble _node = null!;
    private TailApp _app = null!;

    public async Task InitializeAsync()
    {
        _node = await ElasticsearchDouble.StartAsync();
        AuditIndex.Create(_node);
        AuditIndex.Create(_node, AuditIndex.OwnRecords);
        _node.Index(AuditIndex.Name, "winlogbeat-4746", Fixture("winlogbeat_security_4746_group_member_added_iam.golden.json")[0]);
        _node.Index(AuditIndex.Name, "winlogbeat-4719", Fixture("winlogbeat_security_4719_audit_policy_change.golden.json")[0]);
        // Auditbeat's useradd sequence (user vagrant, no host) placed in the incident's window: about someone else.
        var useradd = Fixture("auditbeat_auditd_useradd_iam_expected.json")[3];
        useradd["@timestamp"] = GroupMemberAdded.AddMinutes(5).ToString("O");
        _node.Index(AuditIndex.Name, "auditbeat-useradd", useradd);
        // SecOps's own shipped record about the same person: never on a timeline as a source event.
        _node.Index(AuditIndex.OwnRecords, "own-1", AuditIndex.Event("own-1", GroupMemberAdded.AddMinutes(1), user: "at_adm", host: "DC_TEST2k12.TEST.SAAS", dataset: "secops.audit"));
        _node.Refresh();
        // Old documents and a one-second look-back: the tails store none of them, so the timeline can only have asked the source.
        // The tail tests' half-second request timeout is about faults; a first search on a busy machine may take longer.
        _app = new TailApp(_node, _store, new Dictionary<string, string?>
        {
            ["SecOps:Sources:Elasticsearch:Tail:InitialLookBack"] = "00:00:01",
            ["SecOps:Sources:Elasticsearch:RequestTimeout"] = "00:00:10",
        });
        var alert = Documents.Alert("dc-admin-change", rule: "Privileged group changed", host: "DC_TEST2k12.TEST.SAAS", at: GroupMemberAdded.AddMinutes(2));
        alert["user"] = new JsonObject { ["name"] = "at_adm" };
        await Documents.PostAsync(_app.Client(), alert);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _node.DisposeAsync();
        TailApp.DeleteStore(_store);
    }

    private static List<JsonObject> Fixture(string name) =>
        [.. JsonNode.Parse(File.ReadAllText(ElasticsearchFixtures.PathOf(Path.Combine("events", name))))!.AsArray().Select(d => d!.AsObject())];

    private async Task<long> EscalateAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alertId = (await db.Alerts.SingleAsync(a => a.DocumentId == "dc-admin-change")).Id;
        var created = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Domain admin group changed"), [alertId], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        return created.IncidentId;
    }

    [Fact]
    public async Task WithASourceConfigured_TheTimelineAsksElasticsearch_AndShowsTheRealEventAboutTheIncidentsUserAndHost()
    {
        var id = await EscalateAsync();

        var audit = await _app.Get<IncidentAuditEvents>().ForIncidentAsync(As(Roles.Responder, "bo"), id, CancellationToken.None);
        var timeline = (await _app.Get<IncidentExportReader>().ReadAsync(As(Roles.Responder, "bo"), id, CancellationToken.None))!.Timeline;

        Assert.Equal((IncidentAuditEvents.FromSource, null), (audit.Origin, audit.Note));
        var entry = Assert.Single(audit.Entries);
        Assert.Equal((GroupMemberAdded, "at_adm", "DC_TEST2k12.TEST.SAAS"), (entry.At, entry.Who, entry.Text));
        Assert.Contains("added-member-to-distribution-group", entry.Title, StringComparison.Ordinal);
        Assert.Equal([TimelineKind.AuditEvent, TimelineKind.Alert], timeline.Take(2).Select(e => e.Kind));
        Assert.Empty(await _app.AuditEventsAsync());
    }

    [Fact]
    public async Task WhenTheSourceDoesNotAnswer_TheTimelineSaysSo_AndKeepsItsStoredEntries()
    {
        var id = await EscalateAsync();
        _node.Faults.Enqueue(DoubleFault.ServiceUnavailable(), times: 1000);

        var audit = await _app.Get<IncidentAuditEvents>().ForIncidentAsync(As(Roles.Responder, "bo"), id, CancellationToken.None);
        var timeline = (await _app.Get<IncidentExportReader>().ReadAsync(As(Roles.Responder, "bo"), id, CancellationToken.None))!.Timeline;
        _node.Faults.Clear();

        Assert.Equal(([], null), (audit.Entries, audit.Origin));
        Assert.Equal("Audit events could not be read: the Elasticsearch source did not answer. Reload the page to try again.", audit.Note);
        Assert.Equal([TimelineKind.Alert, TimelineKind.Change, TimelineKind.Change], timeline.Select(e => e.Kind));
    }

    [Fact]
    public async Task OverAPageOfEventsInTheSource_ComeInSearchAfterPages_WithTiedDocumentsReadTogether_AndNoneTwiceOrSkipped()
    {
        // 1,100 more about at_adm before the real event, four to a millisecond and three of each four without event.id
        // (Winlogbeat and Auditbeat set none): search_after alone would skip the rest of a tie a page ends inside.
        for (var i = 0; i < 1100; i++)
        {
            var document = AuditIndex.Event(i % 4 == 0 ? $"evt-{i:D4}" : null, GroupMemberAdded.AddSeconds(-1 - i / 4), category: "iam",
                user: "at_adm", host: "DC_TEST2k12.TEST.SAAS");
            document["event"]!["action"] = $"action-{i:D4}";
            _node.Index(AuditIndex.Name, $"many-{i:D4}", document);
        }
        _node.Refresh();
        var id = await EscalateAsync();
        var events = _app.Get<IncidentAuditEvents>();
        var bo = As(Roles.Responder, "bo");

        var pages = new List<IncidentAuditEventsResult> { await events.ForIncidentAsync(bo, id, CancellationToken.None) };
        while (pages[^1].Next is { } next && pages.Count < 5)
        {
            pages.Add(await events.ForIncidentAsync(bo, id, next, CancellationToken.None));
        }
        var all = pages.Skip(1).Aggregate(pages[0], (shown, earlier) => shown.With(earlier));

        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal((IncidentAuditEvents.FromSource, null), (p.Origin, p.Note)));
        Assert.False(pages[0].AvailableIsLowerBound);
        var titles = all.Entries.Select(e => e.Title).ToList();
        Assert.Equal(pages[0].Available, titles.Count);
        Assert.Equal(titles.Count, titles.Distinct().Count());
        Assert.All(Enumerable.Range(0, 1100), i => Assert.Single(titles, t => t.Contains($"action-{i:D4}", StringComparison.Ordinal)));
        Assert.Contains(all.Entries, e => e.At == GroupMemberAdded && e.Title.Contains("added-member-to-distribution-group", StringComparison.Ordinal));
        Assert.True(pages[0].Entries.Min(e => e.At) >= pages[1].Entries.Max(e => e.At) && pages[1].Entries.Min(e => e.At) >= pages[2].Entries.Max(e => e.At));
        Assert.StartsWith($"Showing {pages[0].Entries.Count} of {pages[0].Available:N0} audit events", pages[0].Summary, StringComparison.Ordinal);
        Assert.Empty(await _app.AuditEventsAsync());
    }
}
