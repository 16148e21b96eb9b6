using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Compliance;

public sealed partial class ComplianceQueries
{
    /// <summary>One playbook's step and phase times over a range (every version), for the playbook page's drill-down.</summary>
    public sealed record PlaybookTimes(MetricPeriod Period, IReadOnlyList<StepTime> Steps, IReadOnlyList<PhaseTime> Phases);

    /// <summary>
    /// The step and phase times of one playbook, by the same engine functions as the compliance report (read for that
    /// playbook only, not the whole snapshot). Readers of metrics only, as the compliance pages.
    /// </summary>
    public async Task<PlaybookTimes> PlaybookTimesAsync(Actor actor, string playbookKey, ComplianceRange range, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.MetricsRead, "compliance.playbook-times", "playbook:" + playbookKey, cancellationToken);
        var period = range.Resolve(metrics.Time.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var spans = await StepSpansAsync(db, period, playbookKey, cancellationToken);
        return new PlaybookTimes(period, PlaybookStepMetrics.Steps(period, spans), PlaybookStepMetrics.Phases(period, spans));
    }

    /// <summary>
    /// Every task of the attachments (of one playbook, or all) that had a step closed in the period, open tasks included so
    /// a phase's completion can be told. Review follow-ups belong to no attachment and are left out by the join.
    /// </summary>
    private static async Task<IReadOnlyList<StepSpan>> StepSpansAsync(SecOpsDbContext db, MetricPeriod period, string? playbookKey, CancellationToken cancellationToken)
    {
        var runs = db.IncidentTasks
            .Where(t => t.IncidentPlaybookId != null && t.State != TaskState.Open && t.ClosedAt >= period.From && t.ClosedAt < period.To)
            .Select(t => t.IncidentPlaybookId);
        var playbooks = playbookKey is null ? db.IncidentPlaybooks : db.IncidentPlaybooks.Where(p => p.PlaybookKey == playbookKey);
        var rows = await db.IncidentTasks
            .Where(t => runs.Contains(t.IncidentPlaybookId))
            .Join(playbooks, t => t.IncidentPlaybookId, p => p.Id, (t, p) => new
            {
                Run = p.Id, p.PlaybookKey, p.PlaybookName, p.Version, t.Phase, t.Position, t.Title, p.AttachedAt, t.DueAt, t.State,
                ClosedAt = t.State == TaskState.Open ? null : t.ClosedAt,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(t => new StepSpan(t.Run, t.PlaybookKey, t.PlaybookName, t.Version, t.Phase, t.Position, t.Title,
            t.AttachedAt, t.DueAt, t.ClosedAt, t.State == TaskState.Skipped))];
    }
}
