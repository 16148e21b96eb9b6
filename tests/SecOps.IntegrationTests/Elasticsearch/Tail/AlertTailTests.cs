using System.Text.Json;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>The alert tail against the Elasticsearch double: ingest, late documents, no duplicates, restart, Kibana status changes.</summary>
public sealed class AlertTailTests : TailTest
{
    [Fact]
    public async Task Tail_SearchableDocuments_AppearInTheStoreWithACheckpoint()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            Node.Index(TailApp.Index, $"a-{i}", TailApp.Alert($"a-{i}", now.AddMilliseconds(i)));
        }
        Node.Refresh();
        using var app = new TailApp(Node, Store);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 3, () => "three alerts stored");

        var alerts = await app.AlertsAsync();
        Assert.Equal(["a-0", "a-1", "a-2"], alerts.Select(a => a.DocumentId));
        Assert.All(alerts, a => Assert.Equal(AlertTail.IngestSource, a.Source));
        Assert.All(alerts, a => Assert.Equal(Severity.High, a.Severity));
        // The checkpoint advances only after the page is committed: it may land a moment after the alerts show.
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "a-2", () => "the checkpoint moved to the last document");
        var checkpoint = await app.CheckpointAsync();
        Assert.NotNull(checkpoint);
        Assert.Equal("a-2", checkpoint.LastTiebreaker);
        Assert.Equal(now.AddMilliseconds(2).ToUnixTimeMilliseconds(), checkpoint.LastTime.ToUnixTimeMilliseconds());
        await Eventually.HoldsAsync(() => app.Health?.State == SourceState.Connected, () => $"connected, was {app.Health}");
        // Elasticsearch 8 refuses a sort on _id, and the double too: every search answered 200.
        Assert.All(Node.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)), r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Tail_LateDocumentInsideTheLookBack_IsIngestedOnceSearchable()
    {
        var now = DateTimeOffset.UtcNow;
        Node.Index(TailApp.Index, "early", TailApp.Alert("early", now.AddSeconds(-1)), refresh: true);
        using var app = new TailApp(Node, Store);
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 1, () => "the early alert stored");
        Node.Index(TailApp.Index, "newer", TailApp.Alert("newer", now), refresh: true);
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "newer", () => "checkpoint past the newer alert");

        // Timestamped before the checkpoint, not searchable yet (indexed, not refreshed).
        Node.Index(TailApp.Index, "late", TailApp.Alert("late", now.AddSeconds(-2)));
        var searches = Node.CountRequests("/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("/_search") >= searches + 4, () => "more polls");
        Assert.DoesNotContain("late", (await app.AlertsAsync()).Select(a => a.DocumentId));
        Node.Refresh();

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Any(a => a.DocumentId == "late"), () => "the late alert ingested");
        Assert.Equal(3, (await app.AlertsAsync()).Count);
        Assert.Equal("newer", (await app.CheckpointAsync())!.LastTiebreaker);
    }

    [Fact]
    public async Task Tail_ManyPagesPolledRepeatedly_IngestsEachDocumentOnce()
    {
        var now = DateTimeOffset.UtcNow;
        const int count = 1_200;
        for (var i = 0; i < count; i++)
        {
            // Several documents share a millisecond, so the tiebreaker decides the order and the page boundaries.
            Node.Index(TailApp.Index, $"d-{i:D5}", TailApp.Alert($"d-{i:D5}", now.AddMilliseconds(-(i / 4))));
        }
        Node.Refresh();
        using var app = new TailApp(Node, Store);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == count, () => "all alerts stored");
        var searches = Node.CountRequests("/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("/_search") >= searches + 12, () => "several more polls over the same look-back window");

        Assert.Equal(count, (await app.AlertsAsync()).Select(a => a.DocumentId).Distinct().Count());
        Assert.Equal(count, (await app.AlertsAsync()).Count);
        Assert.Equal(count, await app.FeedCountAsync(ChangeKind.AlertCreated));
        Assert.Equal(0, await app.FeedCountAsync(ChangeKind.AlertUpdated));
        Assert.Equal(count, app.Tail.Ingested);
    }

    [Fact]
    public async Task Restart_ResumesFromTheCheckpoint_WithoutReingesting()
    {
        // The first app may read an hour back; the second reads nothing before "now" unless the checkpoint says so.
        var first = new Dictionary<string, string?> { [$"{TailOptions.SectionName}:InitialLookBack"] = "01:00:00" };
        var second = new Dictionary<string, string?> { [$"{TailOptions.SectionName}:InitialLookBack"] = "00:00:00" };
        var past = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 10; i++)
        {
            Node.Index(TailApp.Index, $"r-{i:D2}", TailApp.Alert($"r-{i:D2}", past.AddMilliseconds(i)));
        }
        Node.Refresh();
        SourceCheckpoint? checkpoint;
        using (var app = new TailApp(Node, Store, first))
        {
            await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "r-09", () => "checkpoint at the last alert");
            checkpoint = await app.CheckpointAsync();
            Assert.Equal(10, app.Tail.Ingested);
        }

        // Written while SecOps was down, after the checkpoint but long before the restart.
        for (var i = 10; i < 15; i++)
        {
            Node.Index(TailApp.Index, $"r-{i:D2}", TailApp.Alert($"r-{i:D2}", past.AddSeconds(1).AddMilliseconds(i)));
        }
        Node.Refresh();
        using (var app = new TailApp(Node, Store, second))
        {
            await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 15, () => "the alerts written during the downtime stored");
            await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "r-14", () => "checkpoint at the newest alert");
            var searches = Node.CountRequests("/_search");
            await Eventually.HoldsAsync(() => Node.CountRequests("/_search") >= searches + 4, () => "more polls");

            // The first ten were re-read in the look-back overlap but recognised as stored and unchanged.
            Assert.Equal(5, app.Tail.Ingested);
            Assert.Equal(15, await app.FeedCountAsync(ChangeKind.AlertCreated));
            Assert.Equal(0, await app.FeedCountAsync(ChangeKind.AlertUpdated));
            Assert.True((await app.CheckpointAsync())!.LastTime > checkpoint!.LastTime);
        }
    }

    [Fact]
    public async Task StatusChangedInKibana_ArrivesThroughTheStatusCursor_WithATransition()
    {
        // Far older than the look-back: only the status cursor can see this alert again.
        var old = DateTimeOffset.UtcNow.AddMinutes(-30);
        var document = TailApp.Alert("kb-1", old);
        Node.Index(TailApp.Index, "kb-1", document, refresh: true);
        using var app = new TailApp(Node, Store, new Dictionary<string, string?> { [$"{TailOptions.SectionName}:InitialLookBack"] = "00:00:05" });
        var seeded = await app.Get<AlertIngestor>().IngestAsync(Actor.System,
            [new IngestDocument(null, JsonSerializer.SerializeToElement(document), null, "kb-1")], AlertTail.IngestSource, CancellationToken.None);
        Assert.Equal(IngestItemResult.Created, seeded[0].Status);
        await Eventually.HoldsAsync(() => app.Health?.State == SourceState.Connected, () => "tail running");

        var changedAt = DateTimeOffset.UtcNow;
        Node.Index(TailApp.Index, "kb-1", TailApp.Alert("kb-1", old, "closed", changedAt), refresh: true);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Single().Status == AlertStatus.Closed, () => "status closed");
        var alert = (await app.AlertsAsync()).Single();
        Assert.Contains("\"closed\"", alert.RawDocument, StringComparison.Ordinal);
        var history = await app.Get<AlertTriage>().HistoryAsync(Actor.System, alert.Id, CancellationToken.None);
        var transition = Assert.Single(history);
        Assert.Equal((KibanaStatusSync.ActorId, KibanaStatusSync.ActorName), (transition.ActorId, transition.ActorName));
        Assert.Equal((AlertStatus.Open, AlertStatus.Closed), (transition.FromStatus, transition.ToStatus));
        // The cursor advances only after the change is committed, so it may trail the store by a moment.
        await Eventually.HoldsAsync(async () => await app.CheckpointAsync("elasticsearch:ElasticSecurity:alerts:status") is not null, () => "status cursor saved");
    }

    [Fact]
    public async Task StatusChangedInSecOpsAfterKibana_IsKept()
    {
        var old = DateTimeOffset.UtcNow.AddMinutes(-30);
        var document = TailApp.Alert("kb-2", old);
        using var app = new TailApp(Node, Store);
        await app.Get<AlertIngestor>().IngestAsync(Actor.System,
            [new IngestDocument(null, JsonSerializer.SerializeToElement(document), null, "kb-2")], AlertTail.IngestSource, CancellationToken.None);
        // Kibana's change is made first (inside the status cursor's look-back), SecOps's after it.
        var kibanaChange = DateTimeOffset.UtcNow.AddMilliseconds(-10);
        var id = (await app.AlertsAsync()).Single().Id;
        Assert.True((await app.Get<AlertTriage>().StartAsync(Actor.System, id, CancellationToken.None)).Succeeded);

        // Kibana acknowledged it just before SecOps set it in progress, and this arrives later: SecOps's later change stands.
        Node.Index(TailApp.Index, "kb-2", TailApp.Alert("kb-2", old, "acknowledged", kibanaChange), refresh: true);
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Single().RawDocument.Contains("acknowledged", StringComparison.Ordinal),
            () => "the changed document re-ingested");

        Assert.Equal(AlertStatus.InProgress, (await app.AlertsAsync()).Single().Status);
    }

    [Fact]
    public async Task ClaimInSecOpsAfterAKibanaStatusChange_DoesNotHoldTheStatusBack()
    {
        var old = DateTimeOffset.UtcNow.AddMinutes(-30);
        var document = TailApp.Alert("kb-3", old);
        using var app = new TailApp(Node, Store);
        await app.Get<AlertIngestor>().IngestAsync(Actor.System,
            [new IngestDocument(null, JsonSerializer.SerializeToElement(document), null, "kb-3")], AlertTail.IngestSource, CancellationToken.None);
        var kibanaChange = DateTimeOffset.UtcNow.AddMilliseconds(-10);
        var id = (await app.AlertsAsync()).Single().Id;
        // Only the assignee changes in SecOps, after Kibana's status change: the status is still Kibana's to set.
        Assert.True((await app.Get<AlertTriage>().ClaimAsync(Actor.System, id, CancellationToken.None)).Succeeded);

        Node.Index(TailApp.Index, "kb-3", TailApp.Alert("kb-3", old, "acknowledged", kibanaChange), refresh: true);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Single().Status == AlertStatus.Acknowledged, () => "Kibana's status applied");
        Assert.Equal(Actor.System.Name, (await app.AlertsAsync()).Single().AssigneeName);
    }
}
