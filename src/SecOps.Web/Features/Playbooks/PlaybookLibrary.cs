using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Playbooks;

/// <summary>What an import did to one playbook of the file.</summary>
public enum ImportChange
{
    Added,
    NewVersion,
    Unchanged,
}

public sealed record ImportedPlaybook(string Key, string Name, int Version, ImportChange Change);

/// <summary>An import's result: every playbook of the file, or the file's errors (then nothing was stored).</summary>
public sealed record ImportOutcome(IReadOnlyList<ImportedPlaybook> Playbooks, IReadOnlyList<PlaybookError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A playbook as the library lists it.</summary>
public sealed record PlaybookSummary(string Key, string Name, int LatestVersion, int StepCount, PlaybookTriggers Triggers, DateTimeOffset UpdatedAt);

/// <summary>One stored version of a playbook, with its definition.</summary>
public sealed record PlaybookRevision(long Id, string Key, int Version, PlaybookDefinition Definition, DateTimeOffset ImportedAt, string ImportedByName, string Yaml);

/// <summary>
/// The playbook library: imports files (all of a file or nothing, each changed definition as a new version, an
/// unchanged one left alone), lists playbooks and reads versions. Imports go through the <see cref="StoreWriter"/>,
/// are audited and need <see cref="Permission.PlaybooksManage"/>; reads need <see cref="Permission.PlaybooksRead"/>.
/// </summary>
public sealed class PlaybookLibrary(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, AccessGuard access, AuditTrail audit)
{
    // Versions never change, so a parsed definition can be kept by its row id.
    private readonly ConcurrentDictionary<long, PlaybookDefinition> _parsed = new();

    public async Task<ImportOutcome> ImportAsync(Actor actor, string yaml, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PlaybooksManage, "playbook.import", null, cancellationToken);
        var parse = PlaybookYaml.Parse(yaml);
        if (!parse.Succeeded)
        {
            await audit.AppendAsync(actor, "playbook.import", null, $"{parse.Errors.Count} errors, first {parse.Errors[0]}", AuditOutcome.Failed, cancellationToken);
            return new ImportOutcome([], parse.Errors);
        }
        var imported = await StoreAsync(actor, parse.Playbooks, cancellationToken);
        foreach (var playbook in imported.Where(p => p.Change != ImportChange.Unchanged))
        {
            await audit.AppendAsync(actor, "playbook.import", Target(playbook.Key), $"{playbook.Change} v{playbook.Version}", AuditOutcome.Success, cancellationToken);
        }
        return new ImportOutcome(imported, []);
    }

    /// <summary>
    /// Saves the editor's text as a playbook: a new one (<paramref name="editingKey"/> null; its id must be free) or a
    /// new version of <paramref name="editingKey"/> (text equal to the latest version stores nothing). Responders and
    /// administrators (<see cref="Permission.PlaybooksEdit"/>); audited as <c>playbook.edit</c>.
    /// </summary>
    public async Task<ImportOutcome> SaveAsync(Actor actor, string? editingKey, string yaml, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PlaybooksEdit, "playbook.edit", editingKey is null ? null : Target(editingKey), cancellationToken);
        var parse = PlaybookDraft.Check(yaml, editingKey);
        if (parse.Succeeded)
        {
            var exists = (await KeysAsync(cancellationToken)).Contains(parse.Playbooks[0].Key);
            if (exists != (editingKey is not null))
            {
                var line = yaml.Split('\n').Select((text, i) => (text, i)).FirstOrDefault(l => l.text.StartsWith("id:", StringComparison.Ordinal)).i + 1;
                parse = new PlaybookParse([], [new PlaybookError(line, 1, exists
                    ? $"A playbook with the id '{parse.Playbooks[0].Key}' exists; edit it, or choose another id."
                    : $"There is no playbook '{editingKey}' to edit.")]);
            }
        }
        if (!parse.Succeeded)
        {
            await audit.AppendAsync(actor, "playbook.edit", editingKey is null ? null : Target(editingKey), $"{parse.Errors.Count} errors, first {parse.Errors[0]}", AuditOutcome.Failed, cancellationToken);
            return new ImportOutcome([], parse.Errors);
        }
        var saved = await StoreAsync(actor, parse.Playbooks, cancellationToken);
        if (saved[0].Change != ImportChange.Unchanged)
        {
            await audit.AppendAsync(actor, "playbook.edit", Target(saved[0].Key), $"{saved[0].Change} v{saved[0].Version}", AuditOutcome.Success, cancellationToken);
        }
        return new ImportOutcome(saved, []);
    }

    /// <summary>Stores definitions already validated (the import and the shipped library), in one unit of work.</summary>
    internal Task<IReadOnlyList<ImportedPlaybook>> StoreAsync(Actor actor, IReadOnlyList<PlaybookDefinition> definitions, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<ImportedPlaybook>>(async (db, changes, ct) =>
        {
            var result = new List<ImportedPlaybook>();
            foreach (var definition in definitions)
            {
                var canonical = PlaybookYaml.Canonical(definition);
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
                var playbook = await db.Playbooks.FirstOrDefaultAsync(p => p.Key == definition.Key, ct);
                if (playbook is not null)
                {
                    var latest = await db.PlaybookVersions.Where(v => v.PlaybookId == playbook.Id && v.Version == playbook.LatestVersion).Select(v => v.ContentHash).FirstAsync(ct);
                    if (latest == hash)
                    {
                        result.Add(new(definition.Key, definition.Name, playbook.LatestVersion, ImportChange.Unchanged));
                        continue;
                    }
                }
                var change = playbook is null ? ImportChange.Added : ImportChange.NewVersion;
                if (playbook is null)
                {
                    playbook = new Playbook { Key = definition.Key, Name = definition.Name };
                    db.Playbooks.Add(playbook);
                }
                playbook.Name = definition.Name;
                playbook.LatestVersion++;
                playbook.UpdatedAt = changes.Now;
                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync(ct);
                db.PlaybookVersions.Add(new PlaybookVersion
                {
                    PlaybookId = playbook.Id,
                    Version = playbook.LatestVersion,
                    Name = definition.Name,
                    Yaml = PlaybookYaml.Export(definition, playbook.LatestVersion),
                    ContentHash = hash,
                    ImportedAt = changes.Now,
                    ImportedById = actor.Id,
                    ImportedByName = actor.Name,
                });
                result.Add(new(definition.Key, definition.Name, playbook.LatestVersion, change));
            }
            return result;
        }, cancellationToken);

    public async Task<IReadOnlyList<PlaybookSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PlaybooksRead, "playbook.list", null, cancellationToken);
        return [.. (await LatestAsync(cancellationToken)).Select(r => new PlaybookSummary(r.Key, r.Definition.Name, r.Version,
            r.Definition.Steps.Count(), r.Definition.Triggers, r.ImportedAt)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A playbook's version (the newest when <paramref name="version"/> is null), or null when there is none.</summary>
    public async Task<PlaybookRevision?> GetAsync(Actor actor, string key, int? version, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PlaybooksRead, "playbook.read", Target(key), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var playbook = await db.Playbooks.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (playbook is null)
        {
            return null;
        }
        var wanted = version ?? playbook.LatestVersion;
        var row = await db.PlaybookVersions.AsNoTracking().FirstOrDefaultAsync(v => v.PlaybookId == playbook.Id && v.Version == wanted, cancellationToken);
        return row is null ? null : Revision(key, row);
    }

    /// <summary>A playbook's versions, newest first.</summary>
    public async Task<IReadOnlyList<PlaybookRevision>> VersionsAsync(Actor actor, string key, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.PlaybooksRead, "playbook.read", Target(key), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.PlaybookVersions.AsNoTracking()
            .Join(db.Playbooks.Where(p => p.Key == key), v => v.PlaybookId, p => p.Id, (v, _) => v)
            .OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return [.. rows.Select(r => Revision(key, r))];
    }

    /// <summary>The newest version of every playbook (for suggestions; callers check their own permission).</summary>
    internal async Task<IReadOnlyList<PlaybookRevision>> LatestAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Playbooks.AsNoTracking()
            .Join(db.PlaybookVersions, p => new { P = p.Id, V = p.LatestVersion }, v => new { P = v.PlaybookId, V = v.Version }, (p, v) => new { p.Key, Version = v })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Revision(r.Key, r.Version))];
    }

    internal async Task<IReadOnlySet<string>> KeysAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.Playbooks.Select(p => p.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    internal PlaybookDefinition Definition(PlaybookVersion row) => _parsed.GetOrAdd(row.Id, _ =>
    {
        var parse = PlaybookYaml.Parse(row.Yaml);
        return parse.Succeeded
            ? parse.Playbooks[0]
            : throw new InvalidOperationException($"Stored playbook version {row.Id} no longer reads: {parse.Errors[0]}");
    });

    private PlaybookRevision Revision(string key, PlaybookVersion row) =>
        new(row.Id, key, row.Version, Definition(row), row.ImportedAt, row.ImportedByName, row.Yaml);

    internal static string Target(string key) => "playbook:" + key;
}
