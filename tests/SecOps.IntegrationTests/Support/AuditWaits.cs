using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// Background work (automation, automated playbook steps) writes its audit row after the change it reports is committed
/// and announced, so a test that has seen the change waits for the row rather than reading the trail once.
/// </summary>
public static class AuditWaits
{
    public static async Task<IReadOnlyList<AuditRecord>> OnceItHoldsAsync(SecOpsApp app, Func<AuditRecord, bool> expected, string what)
    {
        IReadOnlyList<AuditRecord> audit = [];
        await Eventually.HoldsAsync(async () => (audit = await app.Get<AuditTrail>().ListAsync(Actor.System, 100, CancellationToken.None)).Any(expected),
            () => $"{what} audited; the trail holds: {string.Join("; ", audit.Select(r => $"{r.Action} {r.Target} {r.Details}"))}");
        return audit;
    }
}
