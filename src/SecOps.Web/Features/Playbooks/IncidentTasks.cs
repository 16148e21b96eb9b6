using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Reads an incident's playbooks and tasks (with progress per phase and overdue flags judged on the
/// <see cref="TimeProvider"/>) and suggests playbooks for it. Reads need <see cref="Permission.IncidentsRead"/> and, for a restricted incident, membership (<see cref="IncidentAccess"/>).
/// </summary>
public sealed class IncidentTasks(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, PlaybookLibrary library, TimeProvider time)
{
    public async Task<TaskBoard> BoardAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.tasks", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            // Need-to-know: an incident the actor may not see has no tasks, exactly like one that does not exist.
            return new TaskBoard([], [], []);
        }
        var attached = await db.IncidentPlaybooks.AsNoTracking().Where(p => p.IncidentId == incidentId).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var rows = await db.IncidentTasks.AsNoTracking().Where(t => t.IncidentId == incidentId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var tasks = rows.OrderBy(t => t.Phase).ThenBy(t => t.Position).Select(t => TaskView.From(t, now)).ToList();
        var progress = tasks.GroupBy(t => t.Phase).OrderBy(g => g.Key)
            .Select(g => new PhaseProgress(g.Key, g.Count(t => t.State != TaskState.Open), g.Count(), g.Count(t => t.Overdue))).ToList();
        return new TaskBoard([.. attached.Select(p => new AttachedPlaybook(p.Id, p.PlaybookKey, p.PlaybookName, p.Version, p.AttachedAt, p.AttachedByName))], tasks, progress);
    }

    /// <summary>The incident's tasks as the read API gives them, or null when the actor may not see the incident (or it does not exist).</summary>
    public async Task<IReadOnlyList<TaskDocument>?> DocumentsAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.tasks", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken)
            ? await TaskDocument.OfIncidentAsync(db, incidentId, cancellationToken)
            : null;
    }

    /// <summary>Playbooks whose triggers match the incident and that are not attached yet, best match first.</summary>
    public async Task<IReadOnlyList<PlaybookSuggestion>> SuggestAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "incident.playbook.suggest", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.Visible(db, actor).AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
        {
            return [];
        }
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.IncidentId == incidentId)
            .Select(a => new { a.RuleName, a.MitreTactic, a.MitreTechnique }).Distinct().Take(500).ToListAsync(cancellationToken);
        // The alerts' ATT&CK (tactic names, as detections carry them) and the incident's own classification (ids) alike.
        var facts = new IncidentFacts(incident.Type, incident.Severity,
            [.. alerts.Select(a => a.RuleName).Distinct()],
            [.. alerts.Select(a => a.MitreTactic).OfType<string>().Concat(IncidentClassification.Split(incident.MitreTactics).Select(IncidentClassification.TacticName)).Distinct()],
            [.. alerts.Select(a => a.MitreTechnique).OfType<string>().Concat(IncidentClassification.Split(incident.MitreTechniques)).Distinct()]);
        var attached = await db.IncidentPlaybooks.Where(p => p.IncidentId == incidentId).Select(p => p.PlaybookKey).ToListAsync(cancellationToken);
        var candidates = (await library.LatestAsync(cancellationToken)).Where(r => !attached.Contains(r.Key)).Select(r => (r.Definition, r.Version));
        return PlaybookMatcher.Rank(facts, candidates);
    }
}
