using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Elasticsearch.WriteBack;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Elasticsearch.WriteBack;

/// <summary>
/// Status write-back against the Elasticsearch double: off by default, SecOps's acknowledge and close reach
/// <c>kibana.alert.workflow_status</c>, version conflicts resolved by the later change, outages caught up exactly once,
/// bulk changes batched, and Kibana's own changes never echoed back.
/// </summary>
public sealed class StatusWriteBackTests : TailTest
{
    private const string StatusField = "kibana.alert.workflow_status";
    private static readonly Actor Analyst = new("analyst-wb", "Ana Lyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
    private static readonly Dictionary<string, string?> WriteBackOn = new() { [$"{ElasticsearchOptions.SectionName}:WriteBack"] = "true" };

    [Fact]
    public async Task WriteBack_OffByDefault_WritesNothing()
    {
        Seed("off-1");
        using var app = new TailApp(Node, Store);
        var alert = await TailedAsync(app, "off-1");

        Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, alert.Id, CancellationToken.None)).Succeeded);
        var searches = Node.CountRequests("/_search");
        await Eventually.HoldsAsync(() => Node.CountRequests("/_search") >= searches + 6, () => "several more tail polls");

        Assert.Null(app.Services.GetService(typeof(StatusWriteBack)));
        Assert.Null(app.Get<SourceHealth>().Status(StatusWriteBack.HealthName));
        Assert.DoesNotContain(Node.Requests, r => r.Method != "GET" && !r.Path.EndsWith("/_search", StringComparison.Ordinal));
        Assert.Equal(("open", 1L), (Status("off-1"), Version("off-1")));
    }

    [Fact]
    public async Task AcknowledgeAndClose_InSecOps_UpdateTheSourceDocuments_AndTheTailDoesNotEchoThem()
    {
        Seed("ack-1", "close-1");
        using var app = new TailApp(Node, Store, WriteBackOn);
        var acknowledged = await TailedAsync(app, "ack-1");
        var closed = await TailedAsync(app, "close-1");

        Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, acknowledged.Id, CancellationToken.None)).Succeeded);
        Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, closed.Id, CloseReason.FalsePositive, "scanner", CancellationToken.None)).Succeeded);

        await Eventually.HoldsAsync(() => Status("ack-1") == "acknowledged" && Status("close-1") == "closed",
            () => $"written back, now {Status("ack-1")} and {Status("close-1")}");
        foreach (var (id, alertId) in new[] { ("ack-1", acknowledged.Id), ("close-1", closed.Id) })
        {
            var transition = Assert.Single(await HistoryAsync(app, alertId));
            var source = Node.Store.Get(TailApp.Index, id)!.Latest.Source;
            Assert.Equal(StatusPatch.FormatTime(transition.At), source["kibana.alert.workflow_status_updated_at"]!.GetValue<string>());
            Assert.True(source.ContainsKey("kibana.alert.workflow_user"));
            Assert.Null(source["kibana.alert.workflow_user"]);
            Assert.Equal("Tail test rule", source["kibana.alert.rule.name"]!.GetValue<string>());
        }

        // Once searchable, both cursors of the tail read the changed documents again: the statuses match, so nothing changes back.
        Node.Refresh();
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).All(a => a.RawDocument.Contains(AlertVocabulary.ToWire(a.Status), StringComparison.Ordinal)),
            () => "the written documents re-ingested");
        await CaughtUpAsync(app);
        Assert.Equal([AlertStatus.Acknowledged, AlertStatus.Closed], (await app.AlertsAsync()).Select(a => a.Status));
        Assert.Single(await HistoryAsync(app, acknowledged.Id));
        Assert.Single(await HistoryAsync(app, closed.Id));
        Assert.Equal((2L, 2L), (Version("ack-1"), Version("close-1")));
        Assert.Equal(2, app.Get<StatusWriteBack>().Totals.Written);
        Assert.Equal(SourceState.Connected, app.Get<SourceHealth>().Status(StatusWriteBack.HealthName)?.State);
    }

    [Fact]
    public async Task SecondChange_BeforeTheFirstIsSearchable_IsWrittenOverIt()
    {
        Seed("twice-1");
        using var app = new TailApp(Node, Store, WriteBackOn);
        var alert = await TailedAsync(app, "twice-1");
        Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, alert.Id, CancellationToken.None)).Succeeded);
        await Eventually.HoldsAsync(() => Status("twice-1") == "acknowledged", () => "acknowledged written");

        // Search still sees the first version (not refreshed), so the write is refused with 409, read again in real time, and retried.
        Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alert.Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);

        await Eventually.HoldsAsync(() => Status("twice-1") == "closed", () => $"closed written, now {Status("twice-1")}");
        Assert.Equal(3L, Version("twice-1"));
        Assert.True(Node.CountRequests("/_mget") >= 1);
        Assert.Equal(AlertStatus.Closed, (await app.AlertsAsync()).Single().Status);
    }

    [Fact]
    public async Task Conflict_SecOpsChangeIsLater_IsReadAgainAndWritten()
    {
        var seededAt = Seed("later-1");
        using var app = new TailApp(Node, Store, WriteBackOn);
        var alert = await TailedAsync(app, "later-1");
        var interfered = 0;
        // Kibana's acknowledge, made a minute before SecOps's close, lands between write-back's read and its write.
        Node.OnRequest = context =>
        {
            if (context.Request.Path.Value!.EndsWith("/_bulk", StringComparison.Ordinal) && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                Node.Index(TailApp.Index, "later-1", TailApp.Alert("later-1", seededAt, "acknowledged", DateTimeOffset.UtcNow.AddMinutes(-1)));
            }
        };

        Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alert.Id, CloseReason.TruePositive, null, CancellationToken.None)).Succeeded);

        await Eventually.HoldsAsync(() => Status("later-1") == "closed", () => $"SecOps's later close written, now {Status("later-1")}");
        Assert.Equal(1, interfered);
        Assert.Equal(3L, Version("later-1"));
        Assert.True(Node.CountRequests("/_mget") >= 1);
        Assert.Equal(2, Node.CountRequests("/_bulk"));
        var transition = Assert.Single(await HistoryAsync(app, alert.Id));
        Assert.Equal(Analyst.Id, transition.ActorId);
        Assert.Equal(AlertStatus.Closed, (await app.AlertsAsync()).Single().Status);
    }

    [Fact]
    public async Task Conflict_KibanaChangeIsLater_SecOpsTakesKibanasStatus_WithAHistoryEntry()
    {
        var seededAt = Seed("kibana-later-1");
        using var app = new TailApp(Node, Store, WriteBackOn);
        var alert = await TailedAsync(app, "kibana-later-1");
        var kibanaChange = DateTimeOffset.UtcNow.AddMinutes(1);
        var interfered = 0;
        Node.OnRequest = context =>
        {
            if (context.Request.Path.Value!.EndsWith("/_bulk", StringComparison.Ordinal) && Interlocked.Exchange(ref interfered, 1) == 0)
            {
                Node.Index(TailApp.Index, "kibana-later-1", TailApp.Alert("kibana-later-1", seededAt, "in-progress", kibanaChange));
            }
        };

        Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alert.Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Single().Status == AlertStatus.InProgress, () => "Kibana's later status taken");
        var history = await HistoryAsync(app, alert.Id);
        Assert.Equal(2, history.Count);
        Assert.Equal((Analyst.Id, AlertStatus.Open, AlertStatus.Closed), (history[0].ActorId, history[0].FromStatus, history[0].ToStatus));
        Assert.Equal((KibanaStatusSync.ActorId, AlertStatus.Closed, AlertStatus.InProgress), (history[1].ActorId, history[1].FromStatus, history[1].ToStatus));
        Assert.Contains("later change wins", history[1].Comment, StringComparison.Ordinal);
        Assert.Contains(kibanaChange.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), history[1].Comment, StringComparison.Ordinal);
        await CaughtUpAsync(app);
        Assert.Equal(("in-progress", 2L), (Status("kibana-later-1"), Version("kibana-later-1")));
        Assert.Equal(1, Node.CountRequests("/_bulk"));
    }

    [Fact]
    public async Task Outage_ThenRecovery_WritesEveryPendingChangeExactlyOnce()
    {
        string[] ids = ["out-1", "out-2", "out-3", "out-4", "out-5"];
        Seed(ids);
        using var app = new TailApp(Node, Store, WriteBackOn);
        var alerts = new List<Alert>();
        foreach (var id in ids)
        {
            alerts.Add(await TailedAsync(app, id));
        }
        await Eventually.HoldsAsync(() => WriteBackHealth(app)?.State == SourceState.Connected, () => "write-back running");

        await using (var outage = Outage.Start(Node, DoubleFault.ServiceUnavailable()))
        {
            Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alerts[0].Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);
            await Eventually.HoldsAsync(() => WriteBackHealth(app) is { State: SourceState.Degraded, Reason: DegradedReason.Unreachable },
                () => $"write-back degraded, was {WriteBackHealth(app)}");
            Assert.Contains("503", WriteBackHealth(app)!.Detail, StringComparison.Ordinal);
            foreach (var alert in alerts.Skip(1))
            {
                Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, alert.Id, CancellationToken.None)).Succeeded);
            }
            Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alerts[1].Id, CloseReason.Duplicate, null, CancellationToken.None)).Succeeded);
            await outage.EndAfterLengthAsync();
        }

        await Eventually.HoldsAsync(() => Status("out-1") == "closed" && Status("out-2") == "closed" && ids.Skip(2).All(id => Status(id) == "acknowledged"),
            () => $"every pending change written, now {string.Join(", ", ids.Select(Status))}");
        await CaughtUpAsync(app);
        // One write per document (the double's version counts writes), all in one bulk request once the cluster answered.
        Assert.All(ids, id => Assert.Equal(2L, Version(id)));
        Assert.Equal(1, Node.Requests.Count(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal) && r.Status == 200));
        Assert.Equal(SourceState.Connected, WriteBackHealth(app)?.State);
    }

    [Fact]
    public async Task PendingChanges_SurviveARestart()
    {
        Seed("restart-1", "restart-2");
        using (var app = new TailApp(Node, Store, WriteBackOn))
        {
            var first = await TailedAsync(app, "restart-1");
            var second = await TailedAsync(app, "restart-2");
            Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, first.Id, CancellationToken.None)).Succeeded);
            await Eventually.HoldsAsync(() => Status("restart-1") == "acknowledged", () => "the first change written");
            await using var outage = Outage.Start(Node, DoubleFault.ServiceUnavailable());
            Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, second.Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);
            await Eventually.HoldsAsync(() => WriteBackHealth(app)?.State == SourceState.Degraded, () => "write-back degraded");
        }
        Assert.Equal("open", Status("restart-2"));

        using (var app = new TailApp(Node, Store, WriteBackOn))
        {
            await Eventually.HoldsAsync(() => Status("restart-2") == "closed", () => "the change made before the restart written");
            await CaughtUpAsync(app);
            Assert.Equal((2L, 2L), (Version("restart-1"), Version("restart-2")));
        }
    }

    [Fact]
    public async Task BulkCloseOfManyAlerts_IsWrittenInBatches_NotOneRequestPerAlert()
    {
        const int count = 120;
        const int pageSize = 50;
        var ids = Enumerable.Range(0, count).Select(i => $"bulk-{i:D3}").ToArray();
        Seed(ids);
        using var app = new TailApp(Node, Store, new Dictionary<string, string?>(WriteBackOn) { [$"{TailOptions.SectionName}:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == count, () => "all alerts tailed");
        var query = AlertQueryParser.Parse("status:open").Query!;

        var outcome = await app.Get<AlertTriage>().BulkAsync(Analyst, BulkTarget.Matching(query), TriageAction.Close, CloseReason.FalsePositive, "noise", CancellationToken.None);

        Assert.Equal(count, outcome.Changed);
        await Eventually.HoldsAsync(() => ids.All(id => Status(id) == "closed"), () => $"{ids.Count(id => Status(id) == "closed")} of {count} written");
        await CaughtUpAsync(app);
        Assert.All(ids, id => Assert.Equal(2L, Version(id)));
        Assert.Equal((count + pageSize - 1) / pageSize, Node.CountRequests("/_bulk"));
        Assert.Equal(0, Node.CountRequests("/_update/"));
    }

    [Fact]
    public async Task BulkAcknowledgeOf60Targets_OfWhich20WereAlreadyAcknowledged_WritesBackEachOfThe40Once()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"mixed-{i:D2}").ToArray();
        Seed(ids);
        using var app = new TailApp(Node, Store, WriteBackOn);
        // The tail's checkpoint moves once a page is wholly handled, its source statuses included (they would undo a change made sooner).
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == ids[^1], () => "all alerts tailed and their page handled");
        var alerts = (await app.AlertsAsync()).OrderBy(a => a.DocumentId, StringComparer.Ordinal).ToList();
        Assert.Equal(ids, alerts.Select(a => a.DocumentId));
        var already = alerts.Where((_, i) => i % 3 == 0).ToList();
        var triage = app.Get<AlertTriage>();
        Assert.Equal(new BulkOutcome(20, 0), await triage.BulkAsync(Analyst, BulkTarget.Selection([.. already.Select(a => a.Id)]), TriageAction.Acknowledge, null, null, CancellationToken.None));
        await Eventually.HoldsAsync(() => already.All(a => Status(a.DocumentId) == "acknowledged"), () => "the first 20 written back");
        await CaughtUpAsync(app);
        var bulkRequests = Node.CountRequests("/_bulk");

        var outcome = await triage.BulkAsync(Analyst, BulkTarget.Selection([.. alerts.Select(a => a.Id)]), TriageAction.Acknowledge, null, null, CancellationToken.None);

        Assert.Equal(new BulkOutcome(40, 20), outcome);
        await Eventually.HoldsAsync(() => ids.All(id => Status(id) == "acknowledged"), () => $"{ids.Count(id => Status(id) == "acknowledged")} of {ids.Length} written back");
        await CaughtUpAsync(app);
        // One write per document (the double's version counts writes): the 40 in one bulk request, the 20 not again.
        Assert.All(ids, id => Assert.Equal(2L, Version(id)));
        Assert.Equal(bulkRequests + 1, Node.CountRequests("/_bulk"));
    }

    [Fact]
    public async Task StatusChangedInKibana_IsNotWrittenBack()
    {
        var seededAt = Seed("from-kibana-1");
        using var app = new TailApp(Node, Store, WriteBackOn);
        await TailedAsync(app, "from-kibana-1");

        Node.Index(TailApp.Index, "from-kibana-1", TailApp.Alert("from-kibana-1", seededAt, "closed", DateTimeOffset.UtcNow), refresh: true);

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Single().Status == AlertStatus.Closed, () => "Kibana's close applied by the tail");
        await CaughtUpAsync(app);
        // Not even looked up: the alert's last status change was Kibana's, so the source already has it.
        var totals = app.Get<StatusWriteBack>().Totals;
        Assert.Equal((0, 0, 0, 0), (totals.Written, totals.InSync, totals.SourceKept, totals.Skipped));
        Assert.Equal(0, Node.CountRequests("/_bulk"));
        Assert.Equal(("closed", 2L), (Status("from-kibana-1"), Version("from-kibana-1")));
    }

    [Fact]
    public async Task FeedPurgedWhileTheSourceWasDown_ChangesAreStillWrittenBack()
    {
        Seed("purge-1", "purge-2", "purge-3");
        using var app = new TailApp(Node, Store, WriteBackOn);
        var alerts = new List<Alert>();
        foreach (var id in new[] { "purge-1", "purge-2", "purge-3" })
        {
            alerts.Add(await TailedAsync(app, id));
        }
        Assert.True((await app.Get<AlertTriage>().AcknowledgeAsync(Analyst, alerts[0].Id, CancellationToken.None)).Succeeded);
        await Eventually.HoldsAsync(() => Status("purge-1") == "acknowledged", () => "the first change written");
        await CaughtUpAsync(app);

        await using (var outage = Outage.Start(Node, DoubleFault.ServiceUnavailable()))
        {
            Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alerts[1].Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);
            Assert.True((await app.Get<AlertTriage>().CloseAsync(Analyst, alerts[2].Id, CloseReason.Benign, null, CancellationToken.None)).Succeeded);
            await Eventually.HoldsAsync(() => WriteBackHealth(app)?.State == SourceState.Degraded, () => "write-back degraded");
            // What the feed's retention does to old entries: everything but the newest is purged, unwritten changes included.
            await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
            {
                var newest = await db.ChangeFeed.MaxAsync(e => e.Seq);
                Assert.True(await db.ChangeFeed.Where(e => e.Seq < newest).ExecuteDeleteAsync() > 0);
            }
            await outage.EndAfterLengthAsync();
        }

        await Eventually.HoldsAsync(() => Status("purge-2") == "closed" && Status("purge-3") == "closed",
            () => $"both changes written, now {Status("purge-2")} and {Status("purge-3")}");
        await CaughtUpAsync(app);
        Assert.Equal((2L, 2L, 2L), (Version("purge-1"), Version("purge-2"), Version("purge-3")));
    }

    /// <summary>Indexes open Elastic Security alerts, searchable at once; returns their time.</summary>
    private DateTimeOffset Seed(params string[] ids)
    {
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < ids.Length; i++)
        {
            Node.Index(TailApp.Index, ids[i], TailApp.Alert(ids[i], at.AddMilliseconds(i)));
        }
        Node.Refresh();
        return at;
    }

    private string? Status(string id) => Node.Store.Get(TailApp.Index, id)?.Latest.Source[StatusField]?.GetValue<string>();

    private long Version(string id) => Node.Store.Get(TailApp.Index, id)!.Latest.Version;

    private static SourceStatus? WriteBackHealth(TailApp app) => app.Get<SourceHealth>().Status(StatusWriteBack.HealthName);

    private static async Task<Alert> TailedAsync(TailApp app, string documentId)
    {
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Any(a => a.DocumentId == documentId), () => $"{documentId} tailed");
        return (await app.AlertsAsync()).Single(a => a.DocumentId == documentId);
    }

    private static Task<IReadOnlyList<AlertTransition>> HistoryAsync(TailApp app, long alertId) =>
        app.Get<AlertTriage>().HistoryAsync(Actor.System, alertId, CancellationToken.None);

    /// <summary>Waits until write-back's persisted position has passed every triage change in the feed so far.</summary>
    private static async Task CaughtUpAsync(TailApp app)
    {
        long target;
        await using (var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            target = await db.ChangeFeed.Where(e => e.Kind == ChangeKind.AlertTriaged).MaxAsync(e => (long?)e.Seq) ?? 0;
        }
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync(WriteBackPosition.Name))?.LastTiebreaker is { } seq && long.Parse(seq, System.Globalization.CultureInfo.InvariantCulture) >= target,
            () => $"write-back position at or past {target}");
    }
}
