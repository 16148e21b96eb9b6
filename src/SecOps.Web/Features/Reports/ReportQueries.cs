using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Compliance;

namespace SecOps.Web.Features.Reports;

/// <summary>
/// The manager's report for a date range: the compliance snapshot (this period and the previous one), every framework's
/// evidence, and the tables built from them. Reading needs <see cref="Permission.ReportsRead"/> as well as the metrics
/// and evidence permissions the compliance services check; nothing here writes.
/// </summary>
public sealed class ReportQueries(ComplianceQueries compliance, FrameworkEvidence evidence, AccessGuard access, TimeProvider time)
{
    public sealed record Report(ComplianceRange Range, DateTimeOffset GeneratedAt, ComplianceQueries.Snapshot Snapshot,
        IReadOnlyList<FrameworkEvidence.FrameworkResult> Frameworks, IReadOnlyList<ReportTable> Tables);

    public async Task<Report> LoadAsync(Actor actor, ComplianceRange range, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.ReportsRead, "reports.read", range.Key, cancellationToken);
        var snapshot = await compliance.LoadAsync(actor, range, cancellationToken);
        var frameworks = await evidence.LoadAllAsync(actor, snapshot.Current.Period, cancellationToken);
        return new Report(range, time.GetUtcNow(), snapshot, frameworks, ReportTables.Build(snapshot, frameworks));
    }
}
