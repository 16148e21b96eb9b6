using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Notes;
using YamlDotNet.RepresentationModel;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Turns one YAML document into a <see cref="PlaybookDefinition"/>, collecting every problem with its position rather
/// than stopping at the first. The rules are the published schema's (<c>wwwroot/playbooks/schema.json</c>).
/// </summary>
internal sealed class PlaybookReader
{
    public const int NameLength = 120;
    public const int TitleLength = 200;
    public const int ChecklistItemLength = 300;
    public const int MaxChecklist = 30;
    public const int MaxSteps = 100;
    public const int MaxPatterns = 20;

    private static readonly string[] TopKeys = ["id", "name", "version", "description", "triggers", "phases"];
    private static readonly string[] TriggerKeys = ["incident_types", "rule_names", "mitre", "severities"];
    private static readonly string[] PhaseKeys = ["phase", "steps"];
    private static readonly string[] StepKeys = ["id", "title", "description", "owner", "sla", "checklist", "evidence", "webhook", "automated"];
    public const int WebhookLength = 2048;

    public List<PlaybookError> Errors { get; } = [];

    public void Error(YamlNode node, string message) => Errors.Add(new PlaybookError(PlaybookYaml.Line(node), PlaybookYaml.Column(node), message));

    public PlaybookDefinition? Playbook(YamlNode root)
    {
        var before = Errors.Count;
        if (Mapping(root, "A playbook", TopKeys) is not { } map)
        {
            return null;
        }
        var key = Required(map, root, "id") is { } idNode ? Key(idNode, "The playbook id") : null;
        var name = Required(map, root, "name") is { } nameNode ? Line(nameNode, "The name", NameLength) : null;
        if (TryGet(map, "version", out var versionNode)
            && (versionNode is not YamlScalarNode { Value: { } v } || !int.TryParse(v, out var version) || version < 1))
        {
            Error(versionNode, "The version is a whole number from 1 (the library numbers imported versions itself).");
        }
        var description = TryGet(map, "description", out var descriptionNode) ? Markdown(descriptionNode, "The description") : "";
        var triggers = TryGet(map, "triggers", out var triggersNode) ? Triggers(triggersNode) : PlaybookTriggers.None;
        var phases = Required(map, root, "phases") is { } phasesNode ? Phases(phasesNode) : [];
        return Errors.Count > before ? null : new PlaybookDefinition(key!, name!, description ?? "", triggers, phases);
    }

    private PlaybookTriggers Triggers(YamlNode node)
    {
        if (Mapping(node, "triggers", TriggerKeys) is not { } map)
        {
            return PlaybookTriggers.None;
        }
        var types = List(map, "incident_types", n => Word(n, "An incident type", PlaybookVocabulary.IncidentTypes));
        var rules = List(map, "rule_names", n => Line(n, "A rule name pattern", TitleLength), MaxPatterns);
        var mitre = List(map, "mitre", n => Scalar(n, "A MITRE ATT&CK id") is { } id && PlaybookVocabulary.MitreId().IsMatch(id)
            ? id
            : Fail<string>(n, "A MITRE ATT&CK id is a tactic (TA0001) or a technique (T1566, T1566.001)."), MaxPatterns);
        var severities = List(map, "severities", n => Scalar(n, "A severity") is { } s && AlertVocabulary.TryParseSeverity(s, out var severity) && s == AlertVocabulary.ToWire(severity)
            ? severity
            : Fail<Severity?>(n, "A severity is one of low, medium, high, critical."));
        return new PlaybookTriggers(Values(types), [.. rules.Distinct()], [.. mitre.Distinct()], Values(severities));
    }

    private List<PlaybookPhase> Phases(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            Error(node, "phases is a list of at least one phase, each with its steps.");
            return [];
        }
        var phases = new List<PlaybookPhase>();
        var stepKeys = new HashSet<string>(StringComparer.Ordinal);
        var stepCount = 0;
        IncidentPhase? previous = null;
        foreach (var item in sequence.Children)
        {
            if (Mapping(item, "A phase", PhaseKeys) is not { } map)
            {
                continue;
            }
            IncidentPhase? phase = Required(map, item, "phase") is { } phaseNode ? Word(phaseNode, "A phase", PlaybookVocabulary.Phases) : null;
            if (phase is { } p && previous is { } before && p <= before)
            {
                Error(map.Children.First(c => c.Key is YamlScalarNode { Value: "phase" }).Value,
                    $"Phases come once each, in the vocabulary's order ({string.Join(" → ", PlaybookVocabulary.Phases.Select(x => x.Wire))}).");
            }
            previous = phase ?? previous;
            var steps = new List<PlaybookStep>();
            if (Required(map, item, "steps") is { } stepsNode)
            {
                if (stepsNode is not YamlSequenceNode stepList || stepList.Children.Count == 0)
                {
                    Error(stepsNode, "steps is a list of at least one step.");
                }
                else
                {
                    foreach (var stepNode in stepList.Children)
                    {
                        if (++stepCount == MaxSteps + 1)
                        {
                            Error(stepNode, $"A playbook has at most {MaxSteps} steps.");
                        }
                        if (Step(stepNode, stepKeys) is { } step)
                        {
                            steps.Add(step);
                        }
                    }
                }
            }
            if (phase is { } ok)
            {
                phases.Add(new PlaybookPhase(ok, steps));
            }
        }
        return phases;
    }

    private PlaybookStep? Step(YamlNode node, HashSet<string> keys)
    {
        var before = Errors.Count;
        if (Mapping(node, "A step", StepKeys) is not { } map)
        {
            return null;
        }
        var key = Required(map, node, "id") is { } idNode ? Key(idNode, "A step id") : null;
        if (key is not null && !keys.Add(key))
        {
            Error(map.Children.First(c => c.Key is YamlScalarNode { Value: "id" }).Value, $"The step id '{key}' is used twice in this playbook.");
        }
        var title = Required(map, node, "title") is { } titleNode ? Line(titleNode, "A step title", TitleLength) : null;
        var description = TryGet(map, "description", out var descriptionNode) ? Markdown(descriptionNode, "A step description") : "";
        var owner = Required(map, node, "owner") is { } ownerNode
            ? Word(ownerNode, "An owner", PlaybookVocabulary.Owners.Select(o => (o, o)).ToList())
            : null;
        TimeSpan? sla = null;
        if (Required(map, node, "sla") is { } slaNode)
        {
            if (Scalar(slaNode, "An SLA") is { } text && PlaybookVocabulary.TryParseSla(text, out var parsed))
            {
                sla = parsed;
            }
            else
            {
                Error(slaNode, "An SLA is minutes, hours or days, like 30m, 4h or 3d, at most 90d.");
            }
        }
        var checklist = List(map, "checklist", n => Line(n, "A checklist item", ChecklistItemLength), MaxChecklist);
        var evidence = List(map, "evidence", n => Word(n, "An evidence kind", PlaybookVocabulary.Evidence));
        if (TryGet(map, "evidence", out var evidenceNode) && evidence.Count != Values(evidence).Count)
        {
            Error(evidenceNode, "Each evidence kind is named once.");
        }
        var webhook = TryGet(map, "webhook", out var webhookNode) ? Webhook(webhookNode) : null;
        StepAutomation? automated = TryGet(map, "automated", out var automatedNode)
            ? Word(automatedNode, "An automated step", PlaybookVocabulary.Automations)
            : null;
        if (automatedNode is not null && webhookNode is not null)
        {
            Error(automatedNode, "A step either posts to a webhook or is automated, not both.");
        }
        return Errors.Count > before
            ? null
            : new PlaybookStep(key!, title!, description ?? "", owner!, sla!.Value, checklist, [.. Values(evidence).Order()], webhook, automated);
    }

    /// <summary>Where an automated step posts: an absolute http(s) URL without credentials (secrets never go in URLs).</summary>
    private Uri? Webhook(YamlNode node)
    {
        if (Scalar(node, "A webhook") is not { } value)
        {
            return null;
        }
        if (value.Length > WebhookLength || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return Fail<Uri>(node, $"A webhook is an http or https URL of at most {WebhookLength} characters.");
        }
        return uri.UserInfo.Length > 0 ? Fail<Uri>(node, "A webhook URL holds no user name or password.") : uri;
    }

    private YamlMappingNode? Mapping(YamlNode node, string what, string[] allowed)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} is a mapping of keys ({string.Join(", ", allowed)}).");
            return null;
        }
        foreach (var (keyNode, _) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || !allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(keyNode, $"Unknown key '{(keyNode as YamlScalarNode)?.Value}'; {what.ToLowerInvariant()} takes {string.Join(", ", allowed)}.");
            }
        }
        return map;
    }

    private YamlNode? Required(YamlMappingNode map, YamlNode owner, string key)
    {
        if (TryGet(map, key, out var value))
        {
            return value;
        }
        Error(owner, $"Missing required key '{key}'.");
        return null;
    }

    private List<T> List<T>(YamlMappingNode map, string key, Func<YamlNode, T?> item, int max = int.MaxValue)
    {
        if (!TryGet(map, key, out var node))
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{key} is a list ([a, b] or one '- item' per line).");
            return [];
        }
        if (sequence.Children.Count > max)
        {
            Error(sequence.Children[max], $"{key} holds at most {max} items.");
        }
        var values = new List<T>();
        foreach (var child in sequence.Children)
        {
            if (item(child) is { } value)
            {
                values.Add(value);
            }
        }
        return values;
    }

    private string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }
        Error(node, node is YamlScalarNode ? $"{what} is empty." : $"{what} is text, not a list or mapping.");
        return null;
    }

    private string? Key(YamlNode node, string what) => Scalar(node, what) is { } value && PlaybookVocabulary.Key().IsMatch(value)
        ? value
        : Fail<string>(node, $"{what} is 2 to 63 lower-case letters, digits or dashes, starting with a letter or digit.");

    private string? Line(YamlNode node, string what, int max)
    {
        if (Scalar(node, what) is not { } value)
        {
            return null;
        }
        if (value.Contains('\n'))
        {
            return Fail<string>(node, $"{what} is one line.");
        }
        var clean = DisplayText.CleanUserText(value.Trim())!;
        return clean.Length == 0 ? Fail<string>(node, $"{what} is empty.")
            : clean.Length > max ? Fail<string>(node, $"{what} is at most {max} characters.")
            : clean;
    }

    private string? Markdown(YamlNode node, string what)
    {
        if (node is not YamlScalarNode { Value: var value })
        {
            return Fail<string>(node, $"{what} is text (Markdown), not a list or mapping.");
        }
        return (value ?? "").Length > AlertNotes.MaxLength ? Fail<string>(node, $"{what} is at most {AlertNotes.MaxLength} characters.") : AlertNotes.Clean(value);
    }

    private T? Word<T>(YamlNode node, string what, IReadOnlyList<(T Value, string Wire)> words) where T : struct
    {
        if (Scalar(node, what) is not { } value)
        {
            return null;
        }
        foreach (var (v, wire) in words)
        {
            if (wire == value)
            {
                return v;
            }
        }
        Error(node, $"{what} is one of {string.Join(", ", words.Select(w => w.Wire))}; '{value}' is not.");
        return null;
    }

    private string? Word(YamlNode node, string what, IReadOnlyList<(string Value, string Wire)> words)
    {
        if (Scalar(node, what) is not { } value)
        {
            return null;
        }
        if (words.Any(w => w.Wire == value))
        {
            return value;
        }
        Error(node, $"{what} is one of {string.Join(", ", words.Select(w => w.Wire))}; '{value}' is not.");
        return null;
    }

    private T? Fail<T>(YamlNode node, string message)
    {
        Error(node, message);
        return default;
    }

    private static bool TryGet(YamlMappingNode map, string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out YamlNode? value)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }

    private static List<T> Values<T>(List<T?> values) where T : struct => [.. values.Where(v => v.HasValue).Select(v => v!.Value).Distinct()];
}
