using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// The right to deletion for a person with an account: removes the account and every row that exists only for them
/// (roles, claims, logins, tokens, team and incident memberships, preferences, report subscriptions), then replaces each of their identifiers
/// (user id, user name, email, display name, phone) wherever it still appears, in every text column of every table of
/// the model (assignees, note and event authors, observables, tasks, playbooks, saved views, API keys, alert text...):
/// the id by one random pseudonym, the rest by "Erased person". The audit trail is left as it is: it names people only by
/// their user id, which links to nobody once the account is gone, so the chain still verifies. The erasure itself is
/// audited without personal data.
/// </summary>
/// <remarks>
/// Runs under the store's write lock; alert rows it changes are not renumbered in the change feed, so an open board shows
/// the erased name until it reloads.
/// </remarks>
public sealed class PersonErasure(StoreWriter writer, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public const string ErasedName = "Erased person";
    public const string Action = "person.erase";

    /// <summary>Identifiers shorter than this are replaced only where a whole value equals them, never inside text.</summary>
    private const int MinimumSubstringLength = 4;

    public async Task<ErasureOutcome> EraseAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var target = "user:" + userId;
        await access.RequireAsync(actor, Permission.PeopleErase, Action, target, cancellationToken);
        if (actor.PersonId == userId)
        {
            return new(false, "You cannot erase your own account.", 0, 0);
        }
        var pseudonym = "erased-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return new ErasureOutcome(false, "That person does not exist.", 0, 0);
            }
            var identifiers = new[] { user.Email, user.NormalizedEmail, user.UserName, user.NormalizedUserName, user.DisplayName, user.PhoneNumber }
                .Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (Value: v!, Replacement: ErasedName))
                .Prepend((Value: user.Id, Replacement: pseudonym))
                .DistinctBy(i => i.Value, StringComparer.Ordinal)
                // Longest first, so an email is replaced whole before a name inside it.
                .OrderByDescending(i => i.Value.Length).ToList();

            var deleted = 0;
            deleted += await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.TeamMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.IncidentMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.UserSettings.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.ReportSubscriptions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
            deleted += await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(ct);

            var replaced = 0;
            foreach (var (table, column) in TextColumns(db.Model))
            {
                replaced += await ReplaceAsync(db, table, column, identifiers, ct);
            }
            return new ErasureOutcome(true, null, deleted, replaced);
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            // No personal data: the pseudonymous id (which now links to nobody) and counts.
            await audit.AppendAsync(actor, Action, target, $"account and {outcome.RowsDeleted - 1} personal rows deleted, {outcome.ValuesReplaced} rows with identifiers rewritten at {time.GetUtcNow():u}",
                AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>Every text column of every table in the model, except the audit trail (pseudonymous, and chained).</summary>
    public static IEnumerable<(string Table, string Column)> TextColumns(IModel model, bool includeAuditTrail = false)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table || (!includeAuditTrail && entity.ClrType == typeof(AuditRecord)))
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                if (property.GetColumnName(store) is { } column && seen.Add((table, column)))
                {
                    yield return (table, column);
                }
            }
        }
    }

    private static async Task<int> ReplaceAsync(SecOpsDbContext db, string table, string column, List<(string Value, string Replacement)> identifiers, CancellationToken cancellationToken)
    {
        var npgsql = db.Database.IsNpgsql();
        var parameters = new List<object>();
        var set = Quote(column);
        var where = new List<string>();
        foreach (var (value, replacement) in identifiers)
        {
            var v = parameters.Count;
            parameters.Add(value);
            parameters.Add(replacement);
            if (value.Length >= MinimumSubstringLength)
            {
                set = $"REPLACE({set}, {{{v}}}, {{{v + 1}}})";
                where.Add(npgsql ? $"strpos({Quote(column)}, {{{v}}}) > 0" : $"instr({Quote(column)}, {{{v}}}) > 0");
            }
            else
            {
                set = $"CASE WHEN {Quote(column)} = {{{v}}} THEN {{{v + 1}}} ELSE {set} END";
                where.Add($"{Quote(column)} = {{{v}}}");
            }
        }
        var sql = $"UPDATE {Quote(table)} SET {Quote(column)} = {set} WHERE {string.Join(" OR ", where)}";
        return await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

public sealed record ErasureOutcome(bool Succeeded, string? Error, int RowsDeleted, int ValuesReplaced);
