using System.Globalization;
using SecOps.Web.Features.Alerts;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Writes a playbook in the file format <see cref="PlaybookYaml"/> reads, always in the same shape and key order, so
/// an export re-imports as the same definition and equal definitions give equal text. Through YamlDotNet's emitter,
/// which quotes whatever needs quoting.
/// </summary>
internal static class PlaybookYamlWriter
{
    public const string SchemaComment = "yaml-language-server: $schema=/playbooks/schema.json";

    public static string Write(PlaybookDefinition playbook, int? version)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(2, int.MaxValue, false, 1024, false, false, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new Comment(SchemaComment, false));
        emitter.Emit(new MappingStart());
        Pair(emitter, "id", playbook.Key);
        Pair(emitter, "name", playbook.Name);
        if (version is { } v)
        {
            Pair(emitter, "version", v.ToString(CultureInfo.InvariantCulture));
        }
        if (playbook.Description.Length > 0)
        {
            Text(emitter, "description", playbook.Description);
        }
        if (!playbook.Triggers.IsEmpty)
        {
            Plain(emitter, "triggers");
            emitter.Emit(new MappingStart());
            Flow(emitter, "incident_types", playbook.Triggers.IncidentTypes.Select(PlaybookVocabulary.ToWire));
            Flow(emitter, "rule_names", playbook.Triggers.RuleNames);
            Flow(emitter, "mitre", playbook.Triggers.Mitre);
            Flow(emitter, "severities", playbook.Triggers.Severities.Select(AlertVocabulary.ToWire));
            emitter.Emit(new MappingEnd());
        }
        Plain(emitter, "phases");
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
        foreach (var phase in playbook.Phases)
        {
            emitter.Emit(new MappingStart());
            Pair(emitter, "phase", PlaybookVocabulary.ToWire(phase.Phase));
            Plain(emitter, "steps");
            emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
            foreach (var step in phase.Steps)
            {
                emitter.Emit(new MappingStart());
                Pair(emitter, "id", step.Key);
                Pair(emitter, "title", step.Title);
                Pair(emitter, "owner", step.Owner);
                Pair(emitter, "sla", PlaybookVocabulary.FormatSla(step.Sla));
                if (step.Webhook is { } webhook)
                {
                    Pair(emitter, "webhook", webhook.OriginalString);
                }
                if (step.Automated is { } automated)
                {
                    Pair(emitter, "automated", PlaybookVocabulary.ToWire(automated));
                }
                if (step.Description.Length > 0)
                {
                    Text(emitter, "description", step.Description);
                }
                if (step.Checklist.Count > 0)
                {
                    Plain(emitter, "checklist");
                    emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
                    foreach (var item in step.Checklist)
                    {
                        Value(emitter, item);
                    }
                    emitter.Emit(new SequenceEnd());
                }
                Flow(emitter, "evidence", step.Evidence.Select(PlaybookVocabulary.ToWire));
                emitter.Emit(new MappingEnd());
            }
            emitter.Emit(new SequenceEnd());
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new SequenceEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Plain(IEmitter emitter, string key) => emitter.Emit(new Scalar(key));

    private static void Value(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Any, true, true));

    private static void Pair(IEmitter emitter, string key, string value)
    {
        Plain(emitter, key);
        Value(emitter, value);
    }

    /// <summary>Markdown: a literal block when it spans lines, so the file reads as written.</summary>
    private static void Text(IEmitter emitter, string key, string value)
    {
        Plain(emitter, key);
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, value.Contains('\n') ? ScalarStyle.Literal : ScalarStyle.Any, true, true));
    }

    private static void Flow(IEmitter emitter, string key, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }
        Plain(emitter, key);
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow));
        foreach (var value in list)
        {
            Value(emitter, value);
        }
        emitter.Emit(new SequenceEnd());
    }
}
