namespace SecOps.Web.Elasticsearch.Presets;

/// <summary>
/// The built-in presets, and the lookup that lets configuration add presets or override built-in ones
/// (<c>SecOps:Sources:Elasticsearch:Presets:{Name}:TiebreakerField</c>, <c>...:FieldMappings:0:Target</c>...).
/// </summary>
public static class SourcePresets
{
    public const string ConfigurationSection = ElasticsearchOptions.SectionName + ":Presets";

    /// <summary>Elastic Security's <c>.alerts-security.alerts-*</c>: <c>kibana.alert.uuid</c> is the alert's unique id.</summary>
    public static SourcePreset ElasticSecurity { get; } = new()
    {
        Name = "ElasticSecurity",
        TiebreakerField = "kibana.alert.uuid",
        StatusTimeField = "kibana.alert.workflow_status_updated_at",
        StatusField = "kibana.alert.workflow_status",
    };

    /// <summary>Any ECS alert: <c>event.kind: alert</c> with a unique <c>event.id</c>.</summary>
    public static SourcePreset GenericEcs { get; } = new()
    {
        Name = "GenericEcs",
        TiebreakerField = "event.id",
        Filters = [new PresetFilter("event.kind", ["alert"])],
    };

    /// <summary>
    /// Wazuh 4.x <c>wazuh-alerts-4.x-*</c> as Filebeat's wazuh module indexes them: the alert <c>id</c>
    /// (<c>"1580123327.49031"</c>, epoch seconds and the alerts.json offset) is unique per manager; names, hosts and
    /// addresses live in Wazuh's own fields (<c>rule.description</c>, <c>agent.name</c>, <c>data.srcip</c>).
    /// </summary>
    public static SourcePreset Wazuh { get; } = new()
    {
        Name = "Wazuh",
        TiebreakerField = "id",
        FieldMappings =
        [
            // Raw alerts.json lines (shipped without Wazuh's Filebeat pipeline) carry only "timestamp".
            new() { Target = "@timestamp", From = ["timestamp"] },
            new() { Target = "rule.name", From = ["rule.description"] },
            new() { Target = "host.name", From = ["agent.name", "manager.name"] },
            new() { Target = "source.ip", From = ["data.srcip"] },
            new() { Target = "destination.ip", From = ["data.dstip"] },
            new() { Target = "user.name", From = ["data.dstuser", "data.srcuser", "data.win.eventdata.targetUserName"] },
            new() { Target = "event.id", From = ["id"] },
        ],
    };

    /// <summary>
    /// Suricata EVE alerts as Filebeat's suricata module ships them (<c>event.dataset: suricata.eve</c>). Filebeat adds
    /// no unique id, so the tiebreaker is the flow id (several alerts can share one flow) with tie handling on.
    /// <c>event.severity</c> is Suricata's 1 (high) to 3 (low).
    /// </summary>
    public static SourcePreset Suricata { get; } = new()
    {
        Name = "Suricata",
        TiebreakerField = "suricata.eve.flow_id",
        TiebreakerUnique = false,
        Filters = [new PresetFilter("event.kind", ["alert"]), new PresetFilter("event.dataset", ["suricata.eve"])],
        FieldMappings =
        [
            new() { Target = "rule.name", From = ["suricata.eve.alert.signature"] },
            new() { Target = "rule.id", From = ["suricata.eve.alert.signature_id"] },
            new() { Target = "event.severity_label", From = ["event.severity", "suricata.eve.alert.severity"], Values = new Dictionary<string, string> { ["1"] = "high", ["2"] = "medium", ["3"] = "low" } },
            new() { Target = "host.name", From = ["observer.hostname", "observer.name", "agent.hostname", "agent.name"] },
        ],
    };

    /// <summary>
    /// Zeek notices as Filebeat's zeek module ships them (<c>event.dataset: zeek.notice</c>): no unique id either, so the
    /// tiebreaker is the notice type (<c>rule.name</c>, e.g. <c>SSH::Password_Guessing</c>) with tie handling on.
    /// </summary>
    public static SourcePreset ZeekNotice { get; } = new()
    {
        Name = "Zeek",
        TiebreakerField = "rule.name",
        TiebreakerUnique = false,
        Filters = [new PresetFilter("event.dataset", ["zeek.notice"])],
        FieldMappings =
        [
            new() { Target = "rule.name", From = ["zeek.notice.note"] },
            new() { Target = "message", From = ["zeek.notice.msg", "rule.description"] },
            new() { Target = "host.name", From = ["observer.hostname", "agent.hostname", "agent.name"] },
        ],
    };

    /// <summary>
    /// ECS audit events for the audit tail: <c>event.category</c> iam, configuration or authentication, as Auditbeat's auditd module,
    /// Winlogbeat's Security channel and Filebeat's CloudTrail fileset write them. The tiebreaker is <c>event.id</c> (CloudTrail's
    /// eventID; a document without one sorts last in its millisecond and is de-duplicated by its <c>_id</c>). Winlogbeat's
    /// computer name stands in for a missing <c>host.name</c>; CloudTrail's <c>source.address</c> stands in for <c>source.ip</c> in the
    /// mapper, and only when it is an IP address.
    /// </summary>
    public static SourcePreset EcsAudit { get; } = new()
    {
        Name = "EcsAudit",
        TiebreakerField = "event.id",
        Filters = [new PresetFilter("event.category", ["iam", "configuration", "authentication"])],
        FieldMappings =
        [
            new() { Target = "host.name", From = ["host.hostname", "winlog.computer_name"] },
        ],
    };

    public static IReadOnlyList<SourcePreset> BuiltIn { get; } = [ElasticSecurity, GenericEcs, Wazuh, Suricata, ZeekNotice, EcsAudit];

    /// <summary>
    /// The preset called <paramref name="name"/> (case-insensitive; <c>Ecs</c> is an alias of <c>GenericEcs</c>), with any
    /// configured overrides; a name that is neither built in nor configured is an error at start-up.
    /// </summary>
    public static SourcePreset Resolve(string name, IConfiguration? configuration = null)
    {
        var builtIn = BuiltIn.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || (name.Equals("Ecs", StringComparison.OrdinalIgnoreCase) && p == GenericEcs));
        var section = configuration?.GetSection(ConfigurationSection).GetChildren()
            .FirstOrDefault(s => s.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (section is null)
        {
            return builtIn ?? throw new InvalidOperationException(
                $"Unknown source preset '{name}'. Built in: {string.Join(", ", BuiltIn.Select(p => p.Name))}; or define it under {ConfigurationSection}:{name}.");
        }
        var tiebreaker = section["TiebreakerField"] ?? builtIn?.TiebreakerField
            ?? throw new InvalidOperationException($"The preset {ConfigurationSection}:{name} needs a TiebreakerField (a unique keyword field, never _id).");
        var mappings = section.GetSection("FieldMappings").GetChildren()
            .Select(m => new PresetFieldMapping
            {
                Target = m["Target"] ?? throw new InvalidOperationException($"{m.Path}:Target is required."),
                From = [.. m.GetSection("From").GetChildren().Select(f => f.Value).OfType<string>()],
                Values = m.GetSection("Values").GetChildren().Any() ? m.GetSection("Values").GetChildren().ToDictionary(v => v.Key, v => v.Value ?? "") : null,
            })
            .ToList();
        var filters = section.GetSection("Filters").GetChildren()
            .Select(f => new PresetFilter(f["Field"] ?? throw new InvalidOperationException($"{f.Path}:Field is required."),
                [.. f.GetSection("Values").GetChildren().Select(v => v.Value).OfType<string>()]))
            .ToList();
        var preset = (builtIn ?? new SourcePreset { Name = section.Key, TiebreakerField = tiebreaker }) with
        {
            TiebreakerField = tiebreaker,
            TimeField = section["TimeField"] ?? builtIn?.TimeField ?? "@timestamp",
            TiebreakerUnique = bool.TryParse(section["TiebreakerUnique"], out var unique) ? unique : builtIn?.TiebreakerUnique ?? true,
            StatusTimeField = section["StatusTimeField"] ?? builtIn?.StatusTimeField,
            StatusField = section["StatusField"] ?? builtIn?.StatusField,
            Filters = filters.Count > 0 ? filters : builtIn?.Filters ?? [],
            // User-defined mappings run first, so they win over the preset's own for the same target.
            FieldMappings = [.. mappings, .. builtIn?.FieldMappings ?? []],
        };
        return preset.TiebreakerField == "_id"
            ? throw new InvalidOperationException("A preset's tiebreaker cannot be _id: Elasticsearch 8 refuses to sort on it.")
            : preset;
    }
}
