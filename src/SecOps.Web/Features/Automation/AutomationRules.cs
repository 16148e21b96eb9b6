using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Outbound;

namespace SecOps.Web.Features.Automation;

/// <summary>One rule as the admin page lists it: stored ones have an id; configured ones are read-only.</summary>
public sealed record AutomationRuleEntry(long? Id, AutomationRule Rule, bool FromConfiguration, DateTimeOffset? ChangedAt);

/// <summary>
/// The automation rules in force: the configured ones (<c>SecOps:Automation:Rules</c>, read-only here) and the ones
/// administrators keep on <c>/admin/automation</c>. Saving and deleting are administrative actions: checked against the
/// permission table and audited (without a chat webhook's path, which is its secret). The engine reads the rules through
/// <see cref="InForceAsync"/>: an edit here applies at once on this instance, and within <see cref="RefreshEvery"/> on others.
/// </summary>
public sealed class AutomationRules(IDbContextFactory<SecOpsDbContext> contexts, IOptionsMonitor<AutomationOptions> options, AutomationFirings firings,
    AutomationRuleCheck check, AccessGuard access, AuditTrail audit, TimeProvider time)
{
    public const string SaveAction = "automation.rule.save";
    public const string DeleteAction = "automation.rule.delete";
    public const int DefinitionLength = 20_000;
    public const int RecentFiringCount = 50;
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private volatile InForce? _inForce;

    private sealed record InForce(IReadOnlyList<AutomationRule> Rules, long ReadAt);

    public static string Serialize(AutomationRule rule) => JsonSerializer.Serialize(rule, Json);

    private static AutomationRule Deserialize(string json) => JsonSerializer.Deserialize<AutomationRule>(json, Json) ?? new AutomationRule();

    /// <summary>
    /// Every rule in force, configured first (a stored rule that has the name of a configured one, added to the
    /// configuration later, is left out: names are the firings' key). No permission check: for the engine.
    /// </summary>
    public async Task<IReadOnlyList<AutomationRule>> InForceAsync(CancellationToken cancellationToken)
    {
        var current = _inForce;
        if (current is null || time.GetElapsedTime(current.ReadAt) >= RefreshEvery)
        {
            var configured = options.CurrentValue.Rules;
            var names = configured.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var stored = await StoredAsync(cancellationToken);
            current = new InForce([.. configured, .. stored.Select(s => s.Rule).Where(r => !names.Contains(r.Name))], time.GetTimestamp());
            _inForce = current;
        }
        return current.Rules;
    }

    public async Task<IReadOnlyList<AutomationRuleEntry>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AutomationManage, "automation.rules", null, cancellationToken);
        return [.. options.CurrentValue.Rules.Select(r => new AutomationRuleEntry(null, r, true, null)), .. await StoredAsync(cancellationToken)];
    }

    /// <summary>The latest firings of every instance, newest first.</summary>
    public async Task<IReadOnlyList<AutomationFiring>> RecentFiringsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AutomationManage, "automation.firings", null, cancellationToken);
        return await firings.RecentAsync(RecentFiringCount, cancellationToken);
    }

    /// <summary>Creates a rule (<paramref name="id"/> null) or replaces a stored one; refused with the reason when the rule is unusable.</summary>
    public async Task<AdminResult> SaveAsync(Actor actor, long? id, AutomationRule rule, CancellationToken cancellationToken)
    {
        var candidate = AutomationRuleCheck.Normalized(rule);
        var target = "automation-rule:" + candidate.Name;
        await access.RequireAsync(actor, Permission.AutomationManage, SaveAction, target, cancellationToken);
        if (await check.ProblemAsync(candidate, cancellationToken) is { } problem)
        {
            return new AdminResult(AdminOutcome.Failed, problem);
        }
        if (options.CurrentValue.Rules.Any(r => string.Equals(r.Name, candidate.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return new AdminResult(AdminOutcome.Failed, $"A configured rule is called '{candidate.Name}'; choose another name.");
        }
        string details;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var all = await db.AutomationRules.ToListAsync(cancellationToken);
            if (all.Any(r => r.Id != id && string.Equals(r.Name, candidate.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return new AdminResult(AdminOutcome.Failed, $"Another rule is called '{candidate.Name}'; choose another name.");
            }
            var row = id is null ? null : all.FirstOrDefault(r => r.Id == id);
            if (id is not null && row is null)
            {
                return new AdminResult(AdminOutcome.Failed, "That rule no longer exists; it was deleted meanwhile.");
            }
            details = row is null ? "created: " + Describe(candidate) : $"changed: {Describe(Deserialize(row.Definition))} -> {Describe(candidate)}";
            if (row is null)
            {
                db.AutomationRules.Add(row = new StoredAutomationRule { Name = candidate.Name, Definition = "", ChangedBy = actor.Id });
            }
            (row.Name, row.Definition, row.ChangedAt, row.ChangedBy) = (candidate.Name, Serialize(candidate), time.GetUtcNow(), actor.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
        _inForce = null;
        await audit.AppendAsync(actor, SaveAction, target, details, AuditOutcome.Success, cancellationToken);
        return new AdminResult(AdminOutcome.Applied, $"Rule '{candidate.Name}' saved; it applies to new alerts and incidents from now on.");
    }

    public async Task<AdminResult> DeleteAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        await access.RequireAsync(actor, Permission.AutomationManage, DeleteAction, "automation-rule:" + id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        StoredAutomationRule? row;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            row = await db.AutomationRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (row is null)
            {
                return new AdminResult(AdminOutcome.Failed, "That rule no longer exists.");
            }
            db.AutomationRules.Remove(row);
            await db.SaveChangesAsync(cancellationToken);
        }
        _inForce = null;
        await audit.AppendAsync(actor, DeleteAction, "automation-rule:" + row.Name, "deleted: " + Describe(Deserialize(row.Definition)), AuditOutcome.Success, cancellationToken);
        return new AdminResult(AdminOutcome.Applied, $"Rule '{row.Name}' deleted.");
    }

    /// <summary>A rule in one line, for the audit trail: conditions, actions and limit; a chat webhook by its host only.</summary>
    public static string Describe(AutomationRule rule) => $"{Conditions(rule)} => {Actions(rule)}; {Limit(rule)}";

    /// <summary>What the rule watches and when it matches.</summary>
    public static string Conditions(AutomationRule rule)
    {
        var parts = new List<string> { "on " + (rule.On == AutomationSubject.Alert ? "alerts" : "incidents") };
        foreach (var (label, values) in new[] { ("severity", rule.Severities), ("rule", rule.RuleNames), ("entity", rule.Entities), ("type", rule.IncidentTypes) })
        {
            if (values.Count > 0)
            {
                parts.Add($"{label} {string.Join(" or ", values)}");
            }
        }
        return string.Join("; ", parts);
    }

    /// <summary>What the rule does; a chat webhook by its host only (its path is its secret).</summary>
    public static string Actions(AutomationRule rule)
    {
        var actions = new List<string>();
        if (rule.AssignTo is { } assignee)
        {
            actions.Add("assign to " + assignee);
        }
        if (rule.EscalateWithPlaybook is { } playbook)
        {
            actions.Add((rule.On == AutomationSubject.Alert ? "escalate with playbook " : "attach playbook ") + playbook);
        }
        if (rule.EmailTo.Count > 0)
        {
            actions.Add("email " + string.Join(", ", rule.EmailTo));
        }
        if (rule.ChatWebhook is { } chat && Uri.TryCreate(chat, UriKind.Absolute, out var uri))
        {
            actions.Add("chat to " + OutboundAllowlist.Host(uri));
        }
        return string.Join("; ", actions);
    }

    public static string Limit(AutomationRule rule) => $"at most {rule.MaxFirings.ToString(CultureInfo.InvariantCulture)} per {Period(rule.Per)}";

    public static string Period(TimeSpan per) => per.TotalMinutes switch
    {
        var m when m % 1440 == 0 => Count((int)(m / 1440), "day"),
        var m when m % 60 == 0 => Count((int)(m / 60), "hour"),
        var m when m % 1 == 0 => Count((int)m, "minute"),
        _ => per.ToString("c", CultureInfo.InvariantCulture),
    };

    private static string Count(int n, string unit) => n == 1 ? unit : $"{n.ToString(CultureInfo.InvariantCulture)} {unit}s";

    private async Task<IReadOnlyList<AutomationRuleEntry>> StoredAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AutomationRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AutomationRuleEntry(r.Id, Deserialize(r.Definition), false, r.ChangedAt))];
    }
}
