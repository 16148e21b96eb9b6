using System.Text.RegularExpressions;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The editor's check of its text: the import's rules (<see cref="PlaybookYaml.Parse"/>, same errors and lines) plus
/// the editor's own, one playbook per save and, when a playbook is being edited, the same id (another id is another
/// playbook: import a file for that). The library checks the same on save, so the page's check is only a courtesy.
/// </summary>
public static partial class PlaybookDraft
{
    public const string Template = """
        id: my-playbook
        name: My playbook
        description: |
          What this playbook is for and when to use it.
        triggers:
          incident_types: [intrusions]
          severities: [high, critical]
        phases:
          - phase: detection-and-analysis
            steps:
              - id: confirm
                title: Confirm the incident
                owner: responder
                sla: 1h
                checklist:
                  - Read the linked alerts
                evidence: [note]
        """;

    public static PlaybookParse Check(string yaml, string? editingKey)
    {
        var parse = PlaybookYaml.Parse(yaml);
        if (!parse.Succeeded)
        {
            return parse;
        }
        if (parse.Playbooks.Count > 1)
        {
            return Failed(yaml, "---", "The editor saves one playbook at a time; import a file to add several.");
        }
        if (editingKey is not null && parse.Playbooks[0].Key != editingKey)
        {
            return Failed(yaml, "id:", $"The id stays '{editingKey}' while editing this playbook; to start another one, use New playbook.");
        }
        return parse;
    }

    private static PlaybookParse Failed(string yaml, string marker, string message)
    {
        var line = 1;
        foreach (var (text, number) in yaml.Split('\n').Select((t, i) => (t, i + 1)))
        {
            if (marker == "---" ? Separator().IsMatch(text) : text.StartsWith(marker, StringComparison.Ordinal))
            {
                line = number;
                if (marker != "---" || number > 1)
                {
                    break;
                }
            }
        }
        return new PlaybookParse([], [new PlaybookError(line, 1, message)]);
    }

    [GeneratedRegex(@"^---\s*$")]
    private static partial Regex Separator();
}
