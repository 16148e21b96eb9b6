using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Evidence;

/// <summary>An evidence file as the incident page shows it, with its chain of custody (oldest first).</summary>
public sealed record EvidenceView(long Id, string FileName, long Size, string Sha256, DateTimeOffset UploadedAt, string UploadedBy, IReadOnlyList<CustodyView> Custody);

public sealed record CustodyView(DateTimeOffset At, CustodyAction Action, string Who);

public sealed record EvidenceOutcome(bool Succeeded, string? Error, long EvidenceId = 0);

/// <summary>What a download gets: the file's bytes and name, or why not (missing: answer 404; tampered: refused).</summary>
public sealed record EvidenceDownload(EvidenceFile? File, byte[]? Content, bool Tampered)
{
    public static readonly EvidenceDownload Missing = new(null, null, false);
}

/// <summary>
/// Evidence files on incidents: uploaded by those who edit incidents, size-limited (<see cref="EvidenceOptions"/>),
/// stored in the store with their SHA-256; read by those who may see the incident (need-to-know: a restricted
/// incident's evidence answers an outsider exactly like missing evidence). Every upload and download, and every
/// download refused because the bytes no longer match their hash, is a custody entry, a timeline event and an audit
/// record. Writes go through the store writer so everyone on the incident page sees them at once.
/// </summary>
public sealed class IncidentEvidence(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, AccessGuard access, AuditTrail audit, IOptions<EvidenceOptions> options)
{
    public const int FileNameLength = 255;

    public long MaxBytes => options.Value.MaxEvidenceBytes;

    public async Task<IReadOnlyList<EvidenceView>> ListAsync(Actor actor, long incidentId, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.IncidentsRead, "evidence.list", IncidentEscalation.Target(incidentId), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            return [];
        }
        var files = await db.EvidenceFiles.AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var custody = (await db.EvidenceCustody.AsNoTracking().Where(c => c.IncidentId == incidentId).OrderBy(c => c.Id).ToListAsync(cancellationToken))
            .ToLookup(c => c.EvidenceId);
        return [.. files.Select(f => new EvidenceView(f.Id, f.FileName, f.Size, f.Sha256, f.UploadedAt, f.UploadedByName,
            [.. custody[f.Id].Select(c => new CustodyView(c.At, c.Action, c.ActorName))]))];
    }

    /// <summary>
    /// Stores <paramref name="content"/> as evidence on the incident. A file larger than the limit (by its declared size,
    /// or by what the stream holds) is refused before anything is stored.
    /// </summary>
    public async Task<EvidenceOutcome> UploadAsync(Actor actor, long incidentId, string? fileName, long? declaredSize, Stream content, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "evidence.upload", target, cancellationToken);
        var limit = MaxBytes;
        var tooLarge = $"The file is larger than the {Megabytes(limit)} limit for evidence; nothing was stored.";
        if (declaredSize > limit)
        {
            return new(false, tooLarge);
        }
        var bytes = await ReadAtMostAsync(content, limit, cancellationToken);
        if (bytes is null)
        {
            return new(false, tooLarge);
        }
        if (bytes.Length == 0)
        {
            return new(false, "The file is empty; nothing was stored.");
        }
        var name = CleanFileName(fileName);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EvidenceOutcome(false, EditOutcome.MissingIncident);
            }
            var file = new EvidenceFile
            {
                IncidentId = incidentId, FileName = name, Size = bytes.Length, Sha256 = hash, UploadedAt = changes.Now, UploadedById = actor.Id, UploadedByName = actor.Name,
            };
            db.EvidenceFiles.Add(file);
            await db.SaveChangesAsync(ct);
            db.EvidenceBlobs.Add(new EvidenceBlob { EvidenceId = file.Id, Content = bytes });
            Custody(db, file, CustodyAction.Uploaded, actor, changes.Now);
            incident.UpdatedAt = changes.Now;
            db.Entry(incident).Property(i => i.UpdatedAt).IsModified = true;
            changes.AddIncident(incidentId);
            return new EvidenceOutcome(true, null, file.Id);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "evidence.upload", target, $"evidence {outcome.EvidenceId}, {bytes.Length} bytes, sha256 {hash}", AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// Reads one evidence file for download, verifying its SHA-256. The download (or its refusal on a mismatch) is
    /// recorded in the chain of custody, on the timeline and in the audit trail.
    /// </summary>
    public async Task<EvidenceDownload> DownloadAsync(Actor actor, long incidentId, long evidenceId, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsRead, "evidence.download", target, cancellationToken);
        EvidenceFile? file;
        byte[]? bytes;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Incidents.Visible(db, actor).AnyAsync(i => i.Id == incidentId, cancellationToken))
            {
                return EvidenceDownload.Missing;
            }
            file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.IncidentId == incidentId, cancellationToken);
            bytes = file is null ? null : await db.EvidenceBlobs.Where(b => b.EvidenceId == evidenceId).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
        }
        if (file is null)
        {
            return EvidenceDownload.Missing;
        }
        var intact = bytes is not null && Convert.ToHexStringLower(SHA256.HashData(bytes)) == file.Sha256;
        var action = intact ? CustodyAction.Downloaded : CustodyAction.DownloadRefused;
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            Custody(db, file, action, actor, changes.Now);
            changes.AddIncident(incidentId);
            await Task.CompletedTask;
            return true;
        }, cancellationToken);
        await audit.AppendAsync(actor, "evidence.download", target,
            $"evidence {evidenceId}" + (intact ? "" : $": stored bytes do not match sha256 {file.Sha256}; refused"),
            intact ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
        return intact ? new EvidenceDownload(file, bytes, false) : new EvidenceDownload(file, null, true);
    }

    /// <summary>The name as given, without any path, one line, cleaned of control and bidi characters, capped; never used as a path.</summary>
    public static string CleanFileName(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = IncidentText.Line(name, FileNameLength);
        return clean.Length == 0 ? "evidence" : clean;
    }

    /// <summary>A size as people read it: "25 MB", "4 KB", "512 bytes".</summary>
    public static string Megabytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static void Custody(SecOpsDbContext db, EvidenceFile file, CustodyAction action, Actor actor, DateTimeOffset now)
    {
        db.EvidenceCustody.Add(new EvidenceCustodyEntry { EvidenceId = file.Id, IncidentId = file.IncidentId, At = now, Action = action, ActorId = actor.Id, ActorName = actor.Name });
        var (kind, verb) = action switch
        {
            CustodyAction.Uploaded => (IncidentEventKind.EvidenceUploaded, "Evidence uploaded"),
            CustodyAction.Downloaded => (IncidentEventKind.EvidenceDownloaded, "Evidence downloaded"),
            _ => (IncidentEventKind.EvidenceDownloadRefused, "Evidence download refused (SHA-256 mismatch)"),
        };
        db.IncidentEvents.Add(IncidentEscalation.Event(file.IncidentId, now, kind, actor,
            $"{verb}: {file.FileName} ({file.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes, SHA-256 {file.Sha256[..12]}…)"));
    }

    /// <summary>The stream's bytes, or null when it holds more than <paramref name="limit"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
