using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Playbooks;

/// <summary>Playbook facts in words for the pages.</summary>
public static class PlaybookText
{
    public static string Triggers(PlaybookTriggers triggers)
    {
        var parts = new List<string>();
        if (triggers.IncidentTypes.Count > 0)
        {
            parts.Add("types " + string.Join(", ", triggers.IncidentTypes.Select(PlaybookVocabulary.ToWire)));
        }
        if (triggers.RuleNames.Count > 0)
        {
            parts.Add("rules " + string.Join(", ", triggers.RuleNames));
        }
        if (triggers.Mitre.Count > 0)
        {
            parts.Add("ATT&CK " + string.Join(", ", triggers.Mitre));
        }
        if (triggers.Severities.Count > 0)
        {
            parts.Add("severity " + string.Join(", ", triggers.Severities.Select(AlertVocabulary.ToWire)));
        }
        return parts.Count == 0 ? "attached by hand only" : string.Join(" · ", parts);
    }
}
