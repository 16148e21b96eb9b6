using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// Normalises an ECS or Elastic Security alert document into the <see cref="Alert"/> model. Every value
/// is treated as hostile: display fields are cleaned and capped, the raw document is kept as text.
/// </summary>
public static class AlertDocumentMapper
{
    private const int ShortField = DisplayText.ShortField;
    private const int LongField = 4096;

    public sealed record Mapped(Alert? Alert, string? DocumentId, string? Error);

    public static Mapped Map(IngestDocument document, string source, DateTimeOffset now)
    {
        var json = document.Json!.Value;
        var doc = new FlatDocument(json);
        var documentId = DocumentIdOf(document.TransportId, doc);
        if (documentId.Length > DocumentIds.MaxLength)
        {
            return new Mapped(null, null, $"The document id is longer than {DocumentIds.MaxLength} characters.");
        }
        if (doc.Get("@timestamp") is not { } timestamp)
        {
            return new Mapped(null, documentId, "@timestamp is required.");
        }
        if (ParseTime(timestamp) is not { } alertTime)
        {
            return new Mapped(null, documentId, "@timestamp must be an ISO 8601 date or epoch milliseconds.");
        }
        var eventTime = doc.Get("kibana.alert.original_time") is { } original && ParseTime(original) is { } t ? t : alertTime;
        var riskScore = doc.Number("kibana.alert.risk_score", "signal.rule.risk_score", "event.risk_score", "risk_score");
        var severity = SeverityOf(doc, riskScore);
        var ruleName = Clean(doc.String("kibana.alert.rule.name", "signal.rule.name", "rule.name", "rule.description", "alert.signature", "event.action", "message"), ShortField)
            ?? "Unnamed alert";
        var ruleId = Clean(doc.String("kibana.alert.rule.rule_id", "kibana.alert.rule.uuid", "signal.rule.rule_id", "rule.id", "rule.uuid", "alert.signature_id"), ShortField);
        var (tactic, technique) = MitreOf(doc);
        var host = Clean(doc.String("host.name", "host.hostname", "agent.name", "observer.name"), ShortField);
        var user = Clean(doc.String("user.name", "user.target.name", "winlog.event_data.TargetUserName", "user.email"), ShortField);
        var sourceIp = Clean(doc.String("source.ip", "client.ip"), ShortField);

        var alert = new Alert
        {
            DocumentId = documentId,
            Source = source,
            EventTime = eventTime,
            AlertTime = alertTime,
            IngestedAt = now,
            UpdatedAt = now,
            RuleName = ruleName,
            RuleId = ruleId,
            Severity = severity,
            RiskScore = riskScore,
            Reason = Clean(doc.String("kibana.alert.reason", "signal.reason", "message"), LongField),
            MitreTactic = tactic,
            MitreTechnique = technique,
            HostName = host,
            UserName = user,
            SourceIp = sourceIp,
            DestinationIp = Clean(doc.String("destination.ip", "server.ip"), ShortField),
            EventCategory = Clean(doc.String("event.category"), ShortField),
            EventAction = Clean(doc.String("event.action"), ShortField),
            Fingerprint = Fingerprint(ruleId ?? ruleName, host, user, sourceIp),
            RawDocument = json.GetRawText(),
            ContentHash = FlatDocument.CanonicalHash(json),
            Status = StatusOf(doc),
        };
        return new Mapped(alert, documentId, null);
    }

    /// <summary>The id rules of the ingest contract, in order: transport id, kibana.alert.uuid, event.id, content hash.</summary>
    public static string DocumentIdOf(string? transportId, FlatDocument doc) => DocumentIds.Of(transportId, doc, "kibana.alert.uuid", "event.id");

    public static DateTimeOffset? ParseTime(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray().Select(ParseTime).FirstOrDefault(t => t is not null);
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epochMs))
        {
            return FromEpochMilliseconds(epochMs);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var text = value.GetString();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return FromEpochMilliseconds(ms);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? FromEpochMilliseconds(long ms) =>
        ms is >= -62135596800000 and <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static Severity SeverityOf(FlatDocument doc, double? riskScore)
    {
        if (AlertVocabulary.TryParseSeverity(doc.String("kibana.alert.severity", "signal.rule.severity", "event.severity_label", "log.level", "rule.severity"), out var labelled))
        {
            return labelled;
        }
        if (riskScore is { } score)
        {
            return AlertVocabulary.FromScore(score);
        }
        // Wazuh levels run 0-15, Suricata's alert.severity 1 (high) to 3 (low).
        if (doc.Number("rule.level") is { } wazuhLevel)
        {
            return wazuhLevel switch { >= 12 => Severity.Critical, >= 8 => Severity.High, >= 4 => Severity.Medium, _ => Severity.Low };
        }
        if (doc.Number("alert.severity") is { } suricata)
        {
            return suricata switch { <= 1 => Severity.High, <= 2 => Severity.Medium, _ => Severity.Low };
        }
        return Severity.Low;
    }

    private static AlertStatus StatusOf(FlatDocument doc) =>
        AlertVocabulary.TryParseStatus(doc.String("kibana.alert.workflow_status", "signal.status"), out var status) ? status : AlertStatus.Open;

    private static (string? Tactic, string? Technique) MitreOf(FlatDocument doc)
    {
        foreach (var path in (ReadOnlySpan<string>)["kibana.alert.rule.threat", "signal.rule.threat", "threat"])
        {
            if (doc.Get(path) is not { } threat)
            {
                continue;
            }
            var first = threat.ValueKind == JsonValueKind.Array ? threat.EnumerateArray().FirstOrDefault() : threat;
            if (first.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var inner = new FlatDocument(first);
            var tactic = inner.String("tactic.name");
            var techniqueId = inner.String("technique.id");
            var techniqueName = inner.String("technique.name");
            if (first.TryGetProperty("technique", out var techniques) && techniques.ValueKind == JsonValueKind.Array
                && techniques.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } t0)
            {
                var technique = new FlatDocument(t0);
                techniqueId = technique.String("id");
                techniqueName = technique.String("name");
            }
            var techniqueText = techniqueId is null ? techniqueName : techniqueName is null ? techniqueId : $"{techniqueId} {techniqueName}";
            if (tactic is not null || techniqueText is not null)
            {
                return (Clean(tactic, ShortField), Clean(techniqueText, ShortField));
            }
        }
        return (null, null);
    }

    private static string Fingerprint(string rule, string? host, string? user, string? sourceIp)
    {
        var key = string.Join('\u001f', rule, host ?? "", user ?? "", sourceIp ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    private static string? Clean(string? value, int max) => DisplayText.Clean(value?.Trim(), max);
}
