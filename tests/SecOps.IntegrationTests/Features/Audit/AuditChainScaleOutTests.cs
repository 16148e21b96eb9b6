using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.ScaleOut;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Audit;

/// <summary>Two app instances on one PostgreSQL store append to one chain at once: it never forks, and both verify it.</summary>
[Trait("Store", TestStore.PostgresOnly)]
public sealed class AuditChainScaleOutTests
{
    [Fact]
    public async Task AppendsFromTwoInstancesAtOnce_FormOneUnforkedChain()
    {
        await using var pair = await ScaleOutPair.StartAsync(redis: null);
        var actor = new Actor("user-scale", "scale", new HashSet<Permission>());
        var before = (await pair.A.Get<AuditTrail>().HeadAsync(CancellationToken.None)).Sequence;

        await Task.WhenAll(new[] { pair.A, pair.B }.SelectMany(app => Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            app.Get<AuditTrail>().AppendAsync(actor, "test.scale-out", app == pair.A ? "A" : "B", $"{i}", AuditOutcome.Success, CancellationToken.None)))));

        await using var db = TestStore.Open(pair.Store);
        var rows = await db.AuditRecords.OrderBy(r => r.Sequence).Select(r => new { Sequence = r.Sequence!.Value, r.Target }).ToListAsync();
        Assert.Equal(Enumerable.Range(1, (int)before + 80).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(40, rows.Count(r => r.Target == "A"));
        Assert.Equal(40, rows.Count(r => r.Target == "B"));
        var fromA = await pair.A.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        var fromB = await pair.B.Get<AuditVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(fromA.Intact, fromA.Message);
        Assert.True(fromB.Intact, fromB.Message);
    }
}
