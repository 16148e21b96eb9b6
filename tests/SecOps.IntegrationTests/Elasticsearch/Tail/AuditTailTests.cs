using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>
/// The audit tail against the Elasticsearch double: audit events stored with a checkpoint, late documents, no duplicates across
/// pages and polls, restart, SecOps's own shipped records never read back, and faults shown under "elasticsearch:audit".
/// </summary>
public sealed class AuditTailTests : TailTest
{
    protected override void CreateIndex(ElasticsearchDouble node) => AuditIndex.Create(node);

    [Fact]
    public async Task Tail_AuditCategories_AreStoredWithACheckpoint_OtherCategoriesPassedBy()
    {
        var now = DateTimeOffset.UtcNow;
        Node.Index(AuditIndex.Name, "d-0", AuditIndex.Event("e-0", now, category: "iam", user: "root"));
        Node.Index(AuditIndex.Name, "d-1", AuditIndex.Event("e-1", now.AddMilliseconds(1), category: "configuration"));
        Node.Index(AuditIndex.Name, "d-2", AuditIndex.Event("e-2", now.AddMilliseconds(2), category: "authentication"));
        Node.Index(AuditIndex.Name, "d-3", AuditIndex.Event("e-3", now.AddMilliseconds(3), category: "process"));
        Node.Refresh();
        using var app = new TailApp(Node, Store);

        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == 3, () => "three audit events stored");
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "e-2", () => "checkpoint at the last audit event");

        var events = await app.AuditEventsAsync();
        Assert.Equal(["d-0", "d-1", "d-2"], events.Select(e => e.DocumentId));
        Assert.Equal(["iam", "configuration", "authentication"], events.Select(e => e.Category));
        Assert.All(events, e => Assert.Equal(AuditTail.IngestSource, e.Source));
        Assert.Equal("root", events[0].UserName);
        Assert.Equal(now.AddMilliseconds(2).ToUnixTimeMilliseconds(), (await app.CheckpointAsync(AuditIndex.Checkpoint))!.LastTime.ToUnixTimeMilliseconds());
        await Eventually.HoldsAsync(() => app.AuditHealth()?.State == SourceState.Connected, () => $"connected, was {app.AuditHealth()}");
        Assert.Empty(await app.AlertsAsync());
        Assert.All(Node.Requests.Where(r => r.Path.EndsWith("/_search", StringComparison.Ordinal)), r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Tail_LateDocumentInsideTheLookBack_IsIngestedOnceSearchable()
    {
        var now = DateTimeOffset.UtcNow;
        Node.Index(AuditIndex.Name, "early", AuditIndex.Event("early", now.AddSeconds(-1)), refresh: true);
        using var app = new TailApp(Node, Store);
        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == 1, () => "the early event stored");
        Node.Index(AuditIndex.Name, "newer", AuditIndex.Event("newer", now), refresh: true);
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "newer", () => "checkpoint past the newer event");

        // Timestamped before the checkpoint and not searchable yet (indexed, not refreshed).
        Node.Index(AuditIndex.Name, "late", AuditIndex.Event("late", now.AddSeconds(-2)));
        var searches = Node.CountRequests("logs-*/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("logs-*/_search") >= searches + 4, () => "more audit polls");
        Assert.DoesNotContain("late", (await app.AuditEventsAsync()).Select(e => e.DocumentId));
        Node.Refresh();

        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Any(e => e.DocumentId == "late"), () => "the late event ingested");
        Assert.Equal(3, (await app.AuditEventsAsync()).Count);
        Assert.Equal("newer", (await app.CheckpointAsync(AuditIndex.Checkpoint))!.LastTiebreaker);
    }

    [Fact]
    public async Task Tail_ManyPagesWithTiesAndMissingEventIds_IngestsEachDocumentOnce()
    {
        var now = DateTimeOffset.UtcNow;
        const int count = 120;
        for (var i = 0; i < count; i++)
        {
            // Six documents a millisecond, every other one without event.id, so ties and missing tiebreakers straddle the 10-hit pages.
            Node.Index(AuditIndex.Name, $"m-{i:D4}", AuditIndex.Event(i % 2 == 0 ? $"e-{i:D4}" : null, now.AddMilliseconds(-(i / 6))));
        }
        Node.Refresh();
        using var app = new TailApp(Node, Store, new Dictionary<string, string?> { [$"{TailOptions.SectionName}:PageSize"] = "10" });

        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == count, () => "all audit events stored");
        var searches = Node.CountRequests("logs-*/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("logs-*/_search") >= searches + 30, () => "several more polls over the same look-back window");

        var events = await app.AuditEventsAsync();
        Assert.Equal(count, events.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m-{i:D4}"), events.Select(e => e.DocumentId).Order());
        Assert.Equal(count, app.Get<AuditTail>().Ingested);
    }

    [Fact]
    public async Task Restart_ResumesFromTheCheckpoint_WithoutReingesting()
    {
        var first = new Dictionary<string, string?> { [$"{TailOptions.SectionName}:InitialLookBack"] = "01:00:00" };
        var second = new Dictionary<string, string?> { [$"{TailOptions.SectionName}:InitialLookBack"] = "00:00:00" };
        var past = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var i = 0; i < 10; i++)
        {
            Node.Index(AuditIndex.Name, $"r-{i:D2}", AuditIndex.Event($"r-{i:D2}", past.AddMilliseconds(i)));
        }
        Node.Refresh();
        SourceCheckpoint? checkpoint;
        using (var app = new TailApp(Node, Store, first))
        {
            await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "r-09", () => "checkpoint at the last event");
            checkpoint = await app.CheckpointAsync(AuditIndex.Checkpoint);
            Assert.Equal(10, app.Get<AuditTail>().Ingested);
        }

        // Written while SecOps was down, after the checkpoint but long before the restart.
        for (var i = 10; i < 15; i++)
        {
            Node.Index(AuditIndex.Name, $"r-{i:D2}", AuditIndex.Event($"r-{i:D2}", past.AddSeconds(1).AddMilliseconds(i)));
        }
        Node.Refresh();
        using (var app = new TailApp(Node, Store, second))
        {
            await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == 15, () => "the events written during the downtime stored");
            await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "r-14", () => "checkpoint at the newest event");
            var searches = Node.CountRequests("logs-*/_search");
            await Eventually.HoldsAsync(() => Node.CountRequests("logs-*/_search") >= searches + 4, () => "more polls");

            // The first ten were re-read in the look-back overlap but recognised as stored and unchanged.
            Assert.Equal(5, app.Get<AuditTail>().Ingested);
            Assert.Equal(15, (await app.AuditEventsAsync()).Select(e => e.DocumentId).Distinct().Count());
            Assert.True((await app.CheckpointAsync(AuditIndex.Checkpoint))!.LastTime > checkpoint!.LastTime);
        }
    }

    [Fact]
    public async Task SecOpsOwnShippedRecords_AreNeverReadBack()
    {
        AuditIndex.Create(Node, AuditIndex.OwnRecords);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            // SecOps's own trail: authentication and iam records, just like a source's, but in SecOps's data stream.
            Node.Index(AuditIndex.OwnRecords, $"own-{i}", AuditIndex.Event($"own-{i}", now.AddMilliseconds(i), category: i % 2 == 0 ? "iam" : "authentication",
                dataset: i == 3 ? "SECOPS.AUDIT" : "secops.audit"));
        }
        Node.Index(AuditIndex.Name, "theirs-1", AuditIndex.Event("theirs-1", now));
        Node.Index(AuditIndex.Name, "theirs-2", AuditIndex.Event("theirs-2", now.AddMilliseconds(5)));
        Node.Refresh();
        using var app = new TailApp(Node, Store);

        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "theirs-2", () => "checkpoint at the last source event");
        var searches = Node.CountRequests("logs-*/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("logs-*/_search") >= searches + 4, () => "more polls");

        Assert.Equal(["theirs-1", "theirs-2"], (await app.AuditEventsAsync()).Select(e => e.DocumentId));
        // Excluded by the query itself: the ingest path's refusal would still have counted them as handed over.
        Assert.Equal(2, app.Get<AuditTail>().Ingested);
    }

    public static TheoryData<string, DegradedReason> Faults => new()
    {
        { nameof(DoubleFaultKind.ServiceUnavailable), DegradedReason.Unreachable },
        { nameof(DoubleFaultKind.Unauthorized), DegradedReason.AuthFailure },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Fault_DegradesAuditHealthWithReason_ThenCatchesUpWithNothingLost(string kind, DegradedReason expected)
    {
        var fault = Enum.Parse<DoubleFaultKind>(kind) == DoubleFaultKind.Unauthorized ? DoubleFault.Unauthorized() : DoubleFault.ServiceUnavailable();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            Node.Index(AuditIndex.Name, $"before-{i}", AuditIndex.Event($"before-{i}", now.AddMilliseconds(i)));
        }
        Node.Refresh();
        using var app = new TailApp(Node, Store);
        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == 5, () => "the first events stored");
        await Eventually.HoldsAsync(() => app.AuditHealth()?.State == SourceState.Connected, () => "connected");

        await using (var outage = Outage.Start(Node, fault))
        {
            await Eventually.HoldsAsync(() => app.AuditHealth() is { State: SourceState.Degraded } h && h.Reason == expected,
                () => $"degraded with {expected}, was {app.AuditHealth()}");
            Assert.Contains(AuditTail.HealthName, app.AuditHealth()!.Source);
            var report = await app.Get<HealthCheckService>().CheckHealthAsync(c => c.Name == ElasticsearchHealthCheck.Name);
            Assert.Equal(HealthStatus.Degraded, report.Status);
            Assert.Contains(AuditTail.HealthName, report.Entries[ElasticsearchHealthCheck.Name].Description);
            for (var i = 0; i < 20; i++)
            {
                Node.Index(AuditIndex.Name, $"during-{i:D2}", AuditIndex.Event($"during-{i:D2}", DateTimeOffset.UtcNow));
            }
            Node.Refresh();
            await outage.EndAfterLengthAsync();
        }

        await Eventually.HoldsAsync(async () => (await app.AuditEventsAsync()).Count == 25, () => "every event written during the outage stored");
        await Eventually.HoldsAsync(() => app.AuditHealth()?.State == SourceState.Connected, () => $"connected again, was {app.AuditHealth()}");
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(AuditIndex.Checkpoint))?.LastTiebreaker == "during-19", () => "checkpoint at the newest event");
        Assert.Equal(25, (await app.AuditEventsAsync()).Select(e => e.DocumentId).Distinct().Count());
        Assert.True(app.AuditHealth()!.LagSeconds < 5, $"lag {app.AuditHealth()!.LagSeconds} s");
    }
}
