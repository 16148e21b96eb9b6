using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Triage.Views;

/// <summary>Saved views (own and shared) and the columns each user chose for the board.</summary>
public sealed class BoardViews(IDbContextFactory<SecOpsDbContext> contexts, AccessGuard access, TimeProvider time)
{
    public const string ColumnsKey = "board.columns";

    public async Task<IReadOnlyList<SavedView>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "views.list", null, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedViews.AsNoTracking().Where(v => v.OwnerId == actor.Id || v.Shared).OrderBy(v => v.Name).ToListAsync(cancellationToken);
    }

    public async Task<SavedView> SaveAsync(Actor actor, string name, string query, bool shared, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "views.save", null, cancellationToken);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("A view needs a name of at most 100 characters.", nameof(name));
        }
        if (AlertQueryParser.Parse(query).Error is { } error)
        {
            throw new ArgumentException(error.Message, nameof(query));
        }
        // Names are shown to everyone a view is shared with, beside the owner's credit: stored without control or bidi characters.
        var view = new SavedView
        {
            OwnerId = actor.Id, OwnerName = DisplayText.CleanUserText(actor.Name, DisplayText.ShortField)!, Name = DisplayText.CleanUserText(name.Trim())!,
            Query = query, Shared = shared, CreatedAt = time.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.SavedViews.Add(view);
        await db.SaveChangesAsync(cancellationToken);
        return view;
    }

    /// <summary>Only the owner deletes a view, shared or not.</summary>
    public async Task<bool> DeleteAsync(Actor actor, int id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AlertsRead, "views.delete", "view:" + id, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedViews.Where(v => v.Id == id && v.OwnerId == actor.Id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlySet<string>?> ColumnsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var value = await db.UserSettings.AsNoTracking().Where(s => s.UserId == actor.Id && s.Key == ColumnsKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return value?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }

    public async Task SaveColumnsAsync(Actor actor, IEnumerable<string> columns, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Only columns the board knows (its optional columns and the field browser's fields) are kept.
        var value = string.Join(',', columns.Where(c => BoardColumns.Optional.Contains(c) || Columns.FieldColumns.ByKey.ContainsKey(c)).Distinct());
        var setting = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == actor.Id && s.Key == ColumnsKey, cancellationToken);
        if (setting is null)
        {
            db.UserSettings.Add(new UserSetting { UserId = actor.Id, Key = ColumnsKey, Value = value });
        }
        else
        {
            setting.Value = value;
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// The board's optional columns; severity, rule, entity and status always exist. Widths and which columns give way on a
/// narrow list are the stylesheet's (the col-* classes in app.css), so the header and the rows can never disagree.
/// </summary>
public static class BoardColumns
{
    public static readonly IReadOnlyList<string> Optional = ["risk", "tactic", "assignee", "sla", "age"];
}
