using System.Text.RegularExpressions;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Playbooks;

/// <summary>What a suggestion is made from: the incident's type and severity and its linked alerts' rules and ATT&amp;CK tags.</summary>
public sealed record IncidentFacts(IncidentType Type, Severity Severity, IReadOnlyList<string> RuleNames, IReadOnlyList<string> Tactics, IReadOnlyList<string> Techniques);

/// <summary>A playbook worth attaching, how strongly, and why (each reason in words).</summary>
public sealed record PlaybookSuggestion(string Key, string Name, int Version, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Ranks playbooks for an incident. A playbook is suggested when its incident type, a rule name pattern or an ATT&amp;CK
/// id matches; severity only adds weight. Weights: a rule name 4 (the most specific signal), a technique 3, a tactic
/// 2, the incident type 2, the severity 1; ties go by name.
/// </summary>
public static class PlaybookMatcher
{
    public const int RuleWeight = 4;
    public const int TechniqueWeight = 3;
    public const int TacticWeight = 2;
    public const int TypeWeight = 2;
    public const int SeverityWeight = 1;

    public static IReadOnlyList<PlaybookSuggestion> Rank(IncidentFacts facts, IEnumerable<(PlaybookDefinition Definition, int Version)> playbooks) =>
        [.. playbooks.Select(p => Match(facts, p.Definition, p.Version)).OfType<PlaybookSuggestion>()
            .OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];

    public static PlaybookSuggestion? Match(IncidentFacts facts, PlaybookDefinition playbook, int version)
    {
        var triggers = playbook.Triggers;
        var score = 0;
        var reasons = new List<string>();
        if (triggers.IncidentTypes.Contains(facts.Type))
        {
            score += TypeWeight;
            reasons.Add("Incident type is " + IncidentVocabulary.Label(facts.Type).ToLowerInvariant());
        }
        foreach (var pattern in triggers.RuleNames)
        {
            if (facts.RuleNames.FirstOrDefault(rule => Glob(pattern, rule)) is { } rule)
            {
                score += RuleWeight;
                reasons.Add($"Rule “{rule}” matches “{pattern}”");
            }
        }
        foreach (var id in triggers.Mitre)
        {
            if (id.StartsWith("TA", StringComparison.Ordinal))
            {
                if (MitreTactics.Name(id) is { } name && facts.Tactics.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    score += TacticWeight;
                    reasons.Add($"ATT&CK tactic {id} {name}");
                }
            }
            else if (facts.Techniques.FirstOrDefault(t => IsTechnique(id, t)) is { } technique)
            {
                score += TechniqueWeight;
                reasons.Add("ATT&CK technique " + technique);
            }
        }
        if (score == 0)
        {
            return null;
        }
        if (triggers.Severities.Contains(facts.Severity))
        {
            score += SeverityWeight;
            reasons.Add("Severity is " + AlertVocabulary.ToWire(facts.Severity));
        }
        return new PlaybookSuggestion(playbook.Key, playbook.Name, version, score, reasons);
    }

    /// <summary>A technique text ("T1566.001 Spearphishing Attachment") is the trigger's technique or one of its sub-techniques.</summary>
    private static bool IsTechnique(string id, string technique)
    {
        var code = technique.Split(' ', 2)[0];
        return code.Equals(id, StringComparison.OrdinalIgnoreCase) || code.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A rule name pattern: <c>*</c> any run of characters, <c>?</c> one; case-insensitive, the whole name.</summary>
    public static bool Glob(string pattern, string text) =>
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
}
