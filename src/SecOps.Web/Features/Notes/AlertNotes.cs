using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;

namespace SecOps.Web.Features.Notes;

/// <summary>
/// Notes on alerts. A note is written through the <see cref="StoreWriter"/> with a change-feed row for its alert
/// (<see cref="ChangeKind.AlertNoted"/>), so everyone looking at that alert sees it live and a reconnecting client
/// catches up on it; it is audited and permission-checked here, whatever calls it.
/// </summary>
public sealed class AlertNotes(StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public const int MaxLength = 8000;

    public sealed record Outcome(bool Succeeded, string? Error, AlertNote? Note);

    public async Task<Outcome> AddAsync(Actor actor, long alertId, string? text, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsTriage, "alert.note", "alert:" + alertId, cancellationToken);
        var clean = Clean(text);
        if (clean.Length == 0)
        {
            return new(false, "Write something first.", null);
        }
        var note = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
            if (alert is null)
            {
                return null;
            }
            var note = new AlertNote { AlertId = alertId, At = time.GetUtcNow(), AuthorId = actor.Id, AuthorName = actor.Name, Text = clean };
            db.AlertNotes.Add(note);
            changes.Add(ChangeKind.AlertNoted, alert);
            return note;
        }, cancellationToken);
        if (note is null)
        {
            return new(false, "The alert does not exist.", null);
        }
        await audit.AppendAsync(actor, "alert.note", "alert:" + alertId, null, AuditOutcome.Success, cancellationToken);
        return new(true, null, note);
    }

    public async Task<IReadOnlyList<AlertNote>> ListAsync(Actor actor, long alertId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "alert.notes", "alert:" + alertId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertNotes.AsNoTracking().Where(n => n.AlertId == alertId).OrderBy(n => n.At).ThenBy(n => n.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Trimmed, capped, control and bidi characters replaced (line breaks and tabs kept).</summary>
    public static string Clean(string? text) =>
        DisplayText.CleanUserText((text ?? "").Replace("\r\n", "\n").Trim(), MaxLength, multiline: true)!;
}
