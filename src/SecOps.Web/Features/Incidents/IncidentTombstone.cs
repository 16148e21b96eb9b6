using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Data;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// What is left of a deleted incident: only what decides who may hear of its deletion (its team, whether it was
/// restricted, its named members' ids), written in the store write that deleted it. Nothing else is kept: no title, no
/// names. Used for the hub's removal item, live and in replay, and to tell a page opened on it that it was deleted; removed by the change feed's retention together with the
/// feed entry (<see cref="Seq"/>) that needs it.
/// </summary>
public sealed class IncidentTombstone
{
    public long IncidentId { get; set; }

    /// <summary>The <see cref="ChangeKind.IncidentDeleted"/> entry announcing the deletion.</summary>
    public long Seq { get; set; }

    public int? TeamId { get; set; }
    public bool Restricted { get; set; }

    /// <summary>The named members' person ids, one per line (only for a restricted incident; empty otherwise).</summary>
    public string MemberIds { get; set; } = "";

    public DateTimeOffset DeletedAt { get; set; }

    public IncidentAudience Audience => Restricted
        ? new IncidentAudience(true, MemberIds.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet())
        : IncidentAudience.Everyone;
}

/// <summary>What is left of a deleted task: which incident it belonged to (whose audience decides who hears of it).</summary>
public sealed class TaskTombstone
{
    public long TaskId { get; set; }

    /// <summary>The <see cref="ChangeKind.TaskDeleted"/> entry announcing the deletion.</summary>
    public long Seq { get; set; }

    public long IncidentId { get; set; }
    public DateTimeOffset DeletedAt { get; set; }
}

/// <summary>Writes tombstones with their feed entries, and reads audiences of incidents that may be gone.</summary>
public static class Tombstones
{
    /// <summary>Inside a store write, before their rows go: numbers each incident's deletion and keeps who may hear of it.</summary>
    public static async Task RemoveIncidentsAsync(SecOpsDbContext db, ChangeSet changes, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.TeamId, i.Restricted }).ToListAsync(cancellationToken);
        var restricted = incidents.Where(i => i.Restricted).Select(i => i.Id).ToList();
        var members = (restricted.Count == 0 ? [] : await db.IncidentMembers.AsNoTracking().Where(m => restricted.Contains(m.IncidentId))
            .Select(m => new { m.IncidentId, m.UserId }).ToListAsync(cancellationToken)).ToLookup(m => m.IncidentId, m => m.UserId);
        foreach (var incident in incidents)
        {
            db.IncidentTombstones.Add(new IncidentTombstone
            {
                IncidentId = incident.Id,
                Seq = changes.AddRemoval(ChangeKind.IncidentDeleted, incident.Id, incident.Id),
                TeamId = incident.TeamId,
                Restricted = incident.Restricted,
                MemberIds = incident.Restricted ? string.Join('\n', members[incident.Id]) : "",
                DeletedAt = changes.Now,
            });
        }
    }

    /// <summary>Inside a store write: numbers a task's deletion and keeps its incident.</summary>
    public static void RemoveTask(SecOpsDbContext db, ChangeSet changes, long taskId, long incidentId) =>
        db.TaskTombstones.Add(new TaskTombstone
        {
            TaskId = taskId,
            Seq = changes.AddRemoval(ChangeKind.TaskDeleted, taskId, incidentId),
            IncidentId = incidentId,
            DeletedAt = changes.Now,
        });

    /// <summary>Who may see each incident, whether it still exists or was deleted (then from its tombstone); unknown ids are left out.</summary>
    public static async Task<Dictionary<long, IncidentAudience>> AudiencesAsync(SecOpsDbContext db, IReadOnlyCollection<long> incidentIds, CancellationToken cancellationToken)
    {
        var audiences = await IncidentViews.AudiencesAsync(db, incidentIds, cancellationToken);
        var gone = incidentIds.Where(id => !audiences.ContainsKey(id)).Distinct().ToList();
        if (gone.Count > 0)
        {
            foreach (var tombstone in await db.IncidentTombstones.AsNoTracking().Where(t => gone.Contains(t.IncidentId)).ToListAsync(cancellationToken))
            {
                audiences[tombstone.IncidentId] = tombstone.Audience;
            }
        }
        return audiences;
    }

    /// <summary>The incident of each deleted task still remembered.</summary>
    public static async Task<Dictionary<long, long>> TaskIncidentsAsync(SecOpsDbContext db, IReadOnlyCollection<long> taskIds, CancellationToken cancellationToken) =>
        taskIds.Count == 0 ? [] : await db.TaskTombstones.AsNoTracking().Where(t => taskIds.Contains(t.TaskId)).ToDictionaryAsync(t => t.TaskId, t => t.IncidentId, cancellationToken);

    /// <summary>Removes the tombstones no feed entry needs any more (their entry was purged); called by the feed's retention.</summary>
    public static async Task<int> PurgeAsync(SecOpsDbContext db, long oldestKeptSeq, CancellationToken cancellationToken) =>
        await db.IncidentTombstones.Where(t => t.Seq < oldestKeptSeq).ExecuteDeleteAsync(cancellationToken)
        + await db.TaskTombstones.Where(t => t.Seq < oldestKeptSeq).ExecuteDeleteAsync(cancellationToken);
}

internal sealed class IncidentTombstoneConfiguration : IEntityTypeConfiguration<IncidentTombstone>
{
    public void Configure(EntityTypeBuilder<IncidentTombstone> b)
    {
        b.HasKey(t => t.IncidentId);
        b.Property(t => t.IncidentId).ValueGeneratedNever();
        b.HasIndex(t => t.Seq);
        b.Ignore(t => t.Audience);
    }
}

internal sealed class TaskTombstoneConfiguration : IEntityTypeConfiguration<TaskTombstone>
{
    public void Configure(EntityTypeBuilder<TaskTombstone> b)
    {
        b.HasKey(t => t.TaskId);
        b.Property(t => t.TaskId).ValueGeneratedNever();
        b.HasIndex(t => t.Seq);
    }
}
