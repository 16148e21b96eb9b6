using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Outbound;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// Whether a rule an administrator wrote can run: beyond what configured rules are checked for at start-up, its words
/// are the vocabulary's, its conditions fit what it watches, its playbook exists, its addresses parse, the mail server is
/// configured when it emails, and its chat webhook's host is on the outbound allowlist.
/// </summary>
public sealed class AutomationRuleCheck(IDbContextFactory<SecOpsDbContext> contexts, IOptionsMonitor<AutomationOptions> options, OutboundAllowlist allowlist)
{
    public const int MaxItems = 20;
    public const int PatternLength = 200;

    /// <summary>The rule with names and list items trimmed, empty items dropped, severities and types in lower case.</summary>
    public static AutomationRule Normalized(AutomationRule rule)
    {
        static List<string> Clean(IEnumerable<string> items, bool lower = false) =>
            [.. items.Select(i => i.Trim()).Where(i => i.Length > 0).Select(i => lower ? i.ToLowerInvariant() : i).Distinct(StringComparer.OrdinalIgnoreCase)];
        static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        return new AutomationRule
        {
            Name = rule.Name.Trim(), On = rule.On,
            Severities = Clean(rule.Severities, lower: true), RuleNames = Clean(rule.RuleNames), Entities = Clean(rule.Entities),
            IncidentTypes = Clean(rule.IncidentTypes, lower: true),
            AssignTo = Blank(rule.AssignTo), EscalateWithPlaybook = Blank(rule.EscalateWithPlaybook), EmailTo = Clean(rule.EmailTo), ChatWebhook = Blank(rule.ChatWebhook),
            MaxFirings = rule.MaxFirings, Per = rule.Per,
        };
    }

    public async Task<string?> ProblemAsync(AutomationRule rule, CancellationToken cancellationToken)
    {
        if (rule.Name.Length is 0 or > AutomationRule.NameLength || rule.Name.Any(char.IsControl))
        {
            return $"Give the rule a name of 1 to {AutomationRule.NameLength} characters.";
        }
        if (new[] { rule.Severities, rule.RuleNames, rule.Entities, rule.IncidentTypes, rule.EmailTo }.Any(l => l.Count > MaxItems || l.Any(i => i.Length > PatternLength)))
        {
            return $"A condition or address list holds at most {MaxItems} items of at most {PatternLength} characters.";
        }
        if (rule.Severities.FirstOrDefault(s => !AlertVocabulary.TryParseSeverity(s, out _)) is { } severity)
        {
            return $"'{severity}' is not a severity (low, medium, high, critical).";
        }
        if (rule.IncidentTypes.FirstOrDefault(t => PlaybookVocabulary.IncidentTypes.All(known => known.Wire != t)) is { } type)
        {
            return $"'{type}' is not an incident type ({string.Join(", ", PlaybookVocabulary.IncidentTypes.Select(t => t.Wire))}).";
        }
        if (rule.On == AutomationSubject.Alert && rule.IncidentTypes.Count > 0)
        {
            return "Incident types apply to rules on incidents.";
        }
        if (rule.On == AutomationSubject.Incident && (rule.RuleNames.Count > 0 || rule.Entities.Count > 0 || rule.AssignTo is not null))
        {
            return "Rule names, entities and assigning apply to rules on alerts.";
        }
        if (rule.Per < TimeSpan.FromMinutes(1) || rule.Per > AutomationRule.LongestPer || rule.MaxFirings is < 1 or > 10_000)
        {
            return "The rate limit is 1 to 10,000 firings per 1 minute to 7 days.";
        }
        if (rule.AutomationProblem() is { } problem)
        {
            return "The rule is unusable: " + problem;
        }
        if (rule.EmailTo.FirstOrDefault(a => !MailboxAddress.TryParse(a, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal)) is { } address)
        {
            return $"'{address}' is not an email address.";
        }
        if (rule.EmailTo.Count > 0 && (string.IsNullOrWhiteSpace(options.CurrentValue.Smtp.Host) || string.IsNullOrWhiteSpace(options.CurrentValue.Smtp.From)))
        {
            return "Email needs a mail server: SecOps:Automation:Smtp (Host and From) is not configured.";
        }
        if (rule.ChatWebhook is { } chat && await allowlist.RefusalAsync(new Uri(chat), cancellationToken) is { } refusal)
        {
            return $"The chat webhook would not be sent: {refusal} (add it on /admin/outbound or to SecOps:Outbound:AllowedHosts).";
        }
        if (rule.EscalateWithPlaybook is { } key)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Playbooks.AnyAsync(p => p.Key == key, cancellationToken))
            {
                return $"No playbook '{key}' is in the library.";
            }
        }
        return null;
    }
}
