using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Audit;

/// <summary>
/// The optional Elasticsearch copy of the audit chain's anchors, against the Elasticsearch double over real Kestrel (its
/// create answers 201, or 409 version_conflict_engine_exception for an existing id, in Elasticsearch's shapes): anchors land
/// with their number as id and are never overwritten; verification reads them and catches a truncated chain even when the
/// anchor file is gone; a failing Elasticsearch never holds up appends and gets the newest head on the next interval.
/// </summary>
public sealed class AuditAnchorIndexTests : IAsyncLifetime
{
    private const string AnchorIndex = "secops-audit-anchors";
    private static readonly Actor Someone = new("user-1234", "someone", new HashSet<Permission>());
    private ElasticsearchDouble _node = null!;

    public async Task InitializeAsync() => _node = await ElasticsearchDouble.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private SecOpsApp App(int anchorEvery = 100, TimeProvider? time = null) => new(new Dictionary<string, string?>
    {
        [$"{ElasticsearchOptions.SectionName}:Nodes:0"] = _node.Uri.ToString(),
        [$"{ElasticsearchOptions.SectionName}:MaxRetries"] = "0",
        [$"{ElasticsearchOptions.SectionName}:RequestTimeout"] = "00:00:05",
        [$"{ElasticsearchOptions.SectionName}:CircuitBreakerMinimumThroughput"] = "10000",
        [$"{AuditOptions.SectionName}:{nameof(AuditOptions.ElasticsearchAnchorIndex)}"] = AnchorIndex,
        [$"{AuditOptions.SectionName}:{nameof(AuditOptions.AnchorEvery)}"] = anchorEvery.ToString(CultureInfo.InvariantCulture),
    }, time: time);

    /// <summary>The anchor documents in the double by id, with their latest version (realtime, refreshed or not).</summary>
    private Dictionary<string, (JsonObject Source, long Version)> Indexed()
    {
        lock (_node.Store.Gate)
        {
            return _node.Store.Resolve("*").FirstOrDefault(i => i.Name == AnchorIndex)?.Documents
                .ToDictionary(d => d.Key, d => ((JsonObject)d.Value.Latest.Source.DeepClone(), d.Value.Latest.Version)) ?? [];
        }
    }

    private static async Task AppendAsync(SecOpsApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await app.Get<AuditTrail>().AppendAsync(Someone, "test.action", "thing:" + i, null, AuditOutcome.Success, CancellationToken.None);
        }
    }

    private static async Task<List<long>> FileAnchorsAsync(SecOpsApp app) =>
        [.. (await app.Get<AuditAnchors>().ReadAsync(CancellationToken.None)).Anchors.Select(a => a.Sequence).Distinct()];

    private static async Task<(int ExitCode, string Output)> CommandAsync(SecOpsApp app)
    {
        var output = new StringWriter();
        var exit = await AuditCommand.RunAsync(app.Services, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task EachAnchor_IsIndexedWithItsNumberAsId_AndAnchoringTheSameHeadAgainOverwritesNothing()
    {
        using var app = App(anchorEvery: 3);
        var expected = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            // Three records hold one multiple of three (anchored as it is appended); the last round anchors the head itself.
            await AppendAsync(app, round == 2 ? 1 : 3);
            if (round == 2)
            {
                await app.Get<AuditTrail>().AnchorHeadAsync(CancellationToken.None);
            }
            var anchored = (await FileAnchorsAsync(app)).Max().ToString(CultureInfo.InvariantCulture);
            expected.Add(anchored);
            await Eventually.HoldsAsync(() => Indexed().ContainsKey(anchored), () => $"anchor {anchored} indexed; the index holds {string.Join(',', Indexed().Keys)}");
        }
        var fileAnchors = (await app.Get<AuditAnchors>().ReadAsync(CancellationToken.None)).Anchors;

        Assert.Equal(3, expected.Distinct().Count());
        Assert.Subset(Indexed().Keys.ToHashSet(), expected.ToHashSet());
        await using (var db = TestStore.Open(app.DataDirectory))
        {
            var macs = await db.AuditRecords.Where(r => r.Sequence != null).ToDictionaryAsync(r => r.Sequence!.Value, r => r.Mac);
            Assert.All(Indexed(), document =>
            {
                var sequence = document.Value.Source["sequence"]!.GetValue<long>();
                Assert.Equal(document.Key, sequence.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(macs[sequence], document.Value.Source["mac"]!.GetValue<string>());
                Assert.Equal(new[] { "sequence", "mac", "at" }, document.Value.Source.Select(p => p.Key));
            });
        }
        Assert.All(_node.Requests.Where(r => r.Path.Contains("/_create/", StringComparison.Ordinal)), r => Assert.Equal("PUT", r.Method));

        // The same head again, as a second instance or a restart anchors it: a 409, counted as done, and the first anchor stays.
        var (head, mac) = await app.Get<AuditTrail>().HeadAsync(CancellationToken.None);
        var id = head.ToString(CultureInfo.InvariantCulture);
        var before = Indexed()[id];
        var otherInstance = ActivatorUtilities.CreateInstance<AuditAnchorIndex>(app.Services);
        otherInstance.Offer(new AuditAnchor(head, mac, DateTimeOffset.UnixEpoch));
        Assert.True(await otherInstance.SendAsync(CancellationToken.None));

        Assert.Contains(_node.Requests, r => r.Path == $"/{AnchorIndex}/_create/{id}" && r.Status == 409);
        Assert.Equal(head, otherInstance.LastIndexed);
        var after = Indexed()[id];
        Assert.Equal((1L, before.Source.ToJsonString()), (after.Version, after.Source.ToJsonString()));

        _node.Refresh();
        var result = await app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(result.Intact, result.Message);
        Assert.Equal(
            new[] { ("anchor file " + app.Get<AuditAnchors>().FilePath, fileAnchors.Count), ("Elasticsearch index " + AnchorIndex, Indexed().Count) },
            result.Sources.Select(s => (s.Name, s.Anchors)));
    }

    [Fact]
    public async Task TruncatingTheChainAfterAnElasticsearchAnchor_FailsVerification_EvenWithTheAnchorFileDeleted()
    {
        using var app = App();
        await AppendAsync(app, 6);
        var head = await app.Get<AuditTrail>().AnchorHeadAsync(CancellationToken.None);
        var headId = head.ToString(CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(() => Indexed().ContainsKey(headId), () => $"head {head} indexed; the index holds {string.Join(',', Indexed().Keys)}");
        _node.Refresh();

        // Someone with the database and the data directory removes the last two records and the anchor file.
        File.Delete(app.Get<AuditAnchors>().FilePath);
        await using (var db = TestStore.Open(app.DataDirectory))
        {
            Assert.Equal(2, await db.AuditRecords.Where(r => r.Sequence > head - 2).ExecuteDeleteAsync());
        }

        var result = await app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        var (exit, output) = await CommandAsync(app);

        Assert.False(result.Intact);
        Assert.Equal((head - 1, head - 2), (result.FirstBadSequence, result.CheckedThrough));
        Assert.Contains($"record {head} was anchored", result.Message, StringComparison.Ordinal);
        Assert.Contains($"(Elasticsearch index {AnchorIndex})", result.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { 0, Indexed().Count }, result.Sources.Select(s => s.Anchors));
        Assert.Equal(AuditCommand.Broken, exit);
        Assert.Contains($"First bad record: {head - 1}", output, StringComparison.Ordinal);
        Assert.Contains($"Anchor source checked: anchor file {app.Get<AuditAnchors>().FilePath}: 0 anchor(s)", output, StringComparison.Ordinal);
        Assert.Contains($"Anchor source checked: Elasticsearch index {AnchorIndex}: {Indexed().Count} anchor(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ElasticsearchAnswering503_LeavesAppendsWorking_AndTheNewestHeadIsIndexedOnTheNextInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = App(anchorEvery: 3, time: time);
        var index = app.Get<AuditAnchorIndex>();
        // A head anchored while Elasticsearch is well reaches the index.
        await AppendAsync(app, 1);
        await app.Get<AuditTrail>().AnchorHeadAsync(CancellationToken.None);
        await Eventually.HoldsAsync(async () => index.LastIndexed > 0 && index.LastIndexed == (await FileAnchorsAsync(app)).Max(), () => "the first anchor indexed");
        _node.FaultFor = c => c.Request.Path.Value!.Contains("/_create/", StringComparison.Ordinal) ? DoubleFault.ServiceUnavailable() : null;
        var (before, _) = await app.Get<AuditTrail>().HeadAsync(CancellationToken.None);

        await AppendAsync(app, 3);
        var failed = (await FileAnchorsAsync(app)).Max();
        await Eventually.HoldsAsync(() => _node.Requests.Any(r => r.Path == $"/{AnchorIndex}/_create/{failed}" && r.Status == 503), () => $"anchor {failed} refused with 503");
        await AppendAsync(app, 3);

        // Appends went on and the file has every anchor; the index has none of the new ones.
        var (head, _) = await app.Get<AuditTrail>().HeadAsync(CancellationToken.None);
        Assert.Equal(before + 6, head);
        var newest = (await FileAnchorsAsync(app)).Max();
        Assert.True(newest > failed, $"a newer anchor than {failed} in the file");
        Assert.DoesNotContain(failed.ToString(CultureInfo.InvariantCulture), Indexed().Keys);
        Assert.DoesNotContain(newest.ToString(CultureInfo.InvariantCulture), Indexed().Keys);

        // Elasticsearch recovers; the next interval sends the newest anchor (whatever it is by then), never the stale one.
        _node.FaultFor = null;
        var interval = app.Get<IOptions<AuditOptions>>().Value.AnchorInterval;
        await Eventually.HoldsAsync(async () =>
        {
            time.Advance(interval);
            return Indexed().ContainsKey((await FileAnchorsAsync(app)).Max().ToString(CultureInfo.InvariantCulture));
        }, () => $"the newest anchor indexed after the interval; the index holds {string.Join(',', Indexed().Keys)}");

        Assert.DoesNotContain(failed.ToString(CultureInfo.InvariantCulture), Indexed().Keys);
        _node.Refresh();
        var result = await app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(result.Intact, result.Message);
    }
}
