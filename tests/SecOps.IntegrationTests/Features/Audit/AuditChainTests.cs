using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Audit;

/// <summary>
/// The audit trail's HMAC chain on the real store: each kind of tampering done in the database (as someone with the
/// database and without the key would) makes verification, by the service and by the command line, fail and name the
/// first bad record; concurrent appends from separate appenders never fork the chain.
/// </summary>
public sealed class AuditChainTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly Actor Someone = new("user-1234", "someone", new HashSet<Permission>());

    /// <summary>Appends <paramref name="count"/> records and returns the head.</summary>
    private async Task<long> AppendAsync(int count)
    {
        var trail = _app.Get<AuditTrail>();
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(Someone, "test.action", "thing:" + i, "detail " + i, AuditOutcome.Success, CancellationToken.None);
        }
        return (await trail.HeadAsync(CancellationToken.None)).Sequence;
    }

    private async Task<(int ExitCode, string Output)> CommandAsync()
    {
        var output = new StringWriter();
        var exit = await AuditCommand.RunAsync(_app.Services, output, CancellationToken.None);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task AnUntouchedChain_IsNumberedWithoutGaps_AndVerifies_ByServiceAndCommandLine()
    {
        var head = await AppendAsync(8);

        var result = await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        var (exit, output) = await CommandAsync();

        Assert.True(result.Intact, result.Message);
        Assert.Equal((head, (long?)null), (result.CheckedThrough, result.FirstBadSequence));
        await using var db = TestStore.Open(_app.DataDirectory);
        var numbers = await db.AuditRecords.OrderBy(r => r.Sequence).Select(r => r.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, (int)head).Select(i => (long?)i), numbers);
        Assert.All(await db.AuditRecords.Select(r => r.Mac).ToListAsync(), mac => Assert.Equal(AuditChain.MacLength, mac!.Length));
        Assert.Equal(AuditCommand.Intact, exit);
        Assert.StartsWith("OK:", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> Tamperings => ["edit", "delete", "reorder", "truncate", "recompute-without-key", "recompute-all-without-key", "insert"];

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task TamperingInTheDatabase_FailsVerification_AndNamesTheFirstBadRecord(string tampering)
    {
        var head = await AppendAsync(8);
        // The head is anchored outside the database (file and log line) before anyone tampers.
        await _app.Get<AuditTrail>().AnchorHeadAsync(CancellationToken.None);
        await using (var db = TestStore.Open(_app.DataDirectory))
        {
            switch (tampering)
            {
                case "edit":
                    await db.AuditRecords.Where(r => r.Sequence == 4).ExecuteUpdateAsync(s => s.SetProperty(r => r.Details, "nothing happened"));
                    break;
                case "delete":
                    await db.AuditRecords.Where(r => r.Sequence == 5).ExecuteDeleteAsync();
                    break;
                case "reorder":
                    // Records 3 and 4 swap places (their numbers), each keeping its own MAC.
                    await db.AuditRecords.Where(r => r.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sequence, -3));
                    await db.AuditRecords.Where(r => r.Sequence == 4).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sequence, 3));
                    await db.AuditRecords.Where(r => r.Sequence == -3).ExecuteUpdateAsync(s => s.SetProperty(r => r.Sequence, 4));
                    break;
                case "truncate":
                    await db.AuditRecords.Where(r => r.Sequence > head - 2).ExecuteDeleteAsync();
                    break;
                case "recompute-without-key":
                case "recompute-all-without-key":
                    // Someone edits record 3 (or 1) and re-chains everything after it with a key of their own: every MAC is well formed.
                    var from = tampering == "recompute-all-without-key" ? 1 : 3;
                    var forgedKey = RandomNumberGenerator.GetBytes(32);
                    var previous = from == 1 ? AuditChain.Genesis : (await db.AuditRecords.SingleAsync(r => r.Sequence == from - 1)).Mac!;
                    foreach (var record in await db.AuditRecords.Where(r => r.Sequence >= from).OrderBy(r => r.Sequence).ToListAsync())
                    {
                        if (record.Sequence == from)
                        {
                            record.Details = "rewritten";
                        }
                        record.Mac = previous = AuditChain.Mac(forgedKey, record, previous);
                    }
                    await db.SaveChangesAsync();
                    break;
                case "insert":
                    db.AuditRecords.Add(new AuditRecord { At = DateTimeOffset.UtcNow, ActorId = "intruder", Action = "test.action" });
                    await db.SaveChangesAsync();
                    break;
            }
        }
        long? expected = tampering switch
        {
            "edit" => 4,
            "delete" => 5,
            "reorder" => 3,
            "truncate" => head - 1,
            "recompute-without-key" => 3,
            "recompute-all-without-key" => 1,
            _ => null,
        };

        var result = await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        var (exit, output) = await CommandAsync();

        Assert.False(result.Intact);
        Assert.Equal(expected, result.FirstBadSequence);
        Assert.Equal(AuditCommand.Broken, exit);
        Assert.StartsWith("FAILED:", output, StringComparison.Ordinal);
        if (expected is { } bad)
        {
            Assert.Contains($"First bad record: {bad}", output, StringComparison.Ordinal);
        }
        else
        {
            await using var db = TestStore.Open(_app.DataDirectory);
            var inserted = await db.AuditRecords.SingleAsync(r => r.ActorId == "intruder");
            Assert.Equal(inserted.Id, result.FirstBadId);
            Assert.Contains($"First bad record: row id {inserted.Id}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ConcurrentAppendsFromSeparateAppenders_NeverForkTheChain()
    {
        // Three appenders, each with its own in-process lock (as separate instances have): only the store's lock orders them.
        var trails = new[] { _app.Get<AuditTrail>(), ActivatorUtilities.CreateInstance<AuditTrail>(_app.Services), ActivatorUtilities.CreateInstance<AuditTrail>(_app.Services) };
        var before = (await trails[0].HeadAsync(CancellationToken.None)).Sequence;

        await Task.WhenAll(trails.SelectMany((trail, t) => Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            trail.AppendAsync(Someone, "test.concurrent", $"appender:{t}", $"{i}", AuditOutcome.Success, CancellationToken.None)))));

        await using var db = TestStore.Open(_app.DataDirectory);
        var numbers = await db.AuditRecords.OrderBy(r => r.Sequence).Select(r => r.Sequence!.Value).ToListAsync();
        Assert.Equal(Enumerable.Range(1, (int)before + 90).Select(i => (long)i), numbers);
        var result = await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(result.Intact, result.Message);
    }

    [Fact]
    public async Task TheHeadIsAnchoredInAnAppendOnlyFile_EveryNRecords()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Audit:AnchorEvery"] = "3" });
        var trail = app.Get<AuditTrail>();
        for (var i = 0; i < 7; i++)
        {
            await trail.AppendAsync(Someone, "test.action", null, null, AuditOutcome.Success, CancellationToken.None);
        }

        var (anchors, unreadable) = await app.Get<AuditAnchors>().ReadAsync(CancellationToken.None);

        Assert.Equal(0, unreadable);
        Assert.StartsWith(app.DataDirectory, app.Get<AuditAnchors>().FilePath, StringComparison.Ordinal);
        await using var db = TestStore.Open(app.DataDirectory);
        var macs = await db.AuditRecords.ToDictionaryAsync(r => r.Sequence!.Value, r => r.Mac);
        var multiples = anchors.Where(a => a.Sequence % 3 == 0).Select(a => a.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, macs.Count / 3).Select(i => (long)i * 3), multiples);
        Assert.All(anchors, a => Assert.Equal(macs[a.Sequence], a.Mac));
    }
}
