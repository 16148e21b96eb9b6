using System.Net;
using System.Text;
using System.Text.Json;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// Normalises an ECS audit document (Auditbeat's auditd module, Winlogbeat's Security channel, Filebeat's CloudTrail fileset
/// and anything else in ECS) into an <see cref="AuditEvent"/>. Every value is hostile: display fields are cleaned and capped,
/// the raw document is kept as text and refused above the document limit.
/// </summary>
public static class AuditEventMapper
{
    public const int ShortField = DisplayText.ShortField;
    public const int SummaryLength = 512;

    /// <summary>The mapped event, or the reason the document was rejected (with its id when one could be read).</summary>
    public sealed record Mapped(AuditEvent? Event, string? DocumentId, string? Error);

    /// <summary>The audit ingest contract's id order: transport id (<c>_id</c>), <c>event.id</c>, else the canonical hash.</summary>
    public static string DocumentIdOf(string? transportId, FlatDocument doc) => DocumentIds.Of(transportId, doc, "event.id");

    public static Mapped Map(IngestDocument document, string source, DateTimeOffset now, long maxDocumentBytes)
    {
        var json = document.Json!.Value;
        var doc = new FlatDocument(json);
        var documentId = DocumentIdOf(document.TransportId, doc);
        if (documentId.Length > DocumentIds.MaxLength)
        {
            return new Mapped(null, null, $"The document id is longer than {DocumentIds.MaxLength} characters.");
        }
        if (OwnAuditRecords.IsOwnRecord(doc))
        {
            return new Mapped(null, documentId,
                $"SecOps's own audit record ({OwnAuditRecords.MarkerField}: {OwnAuditRecords.MarkerValue}) is never read back as an audit event.");
        }
        var raw = json.GetRawText();
        if (Encoding.UTF8.GetByteCount(raw) > maxDocumentBytes)
        {
            return new Mapped(null, documentId, $"The document is larger than the limit of {maxDocumentBytes} bytes.");
        }
        if (doc.Get("@timestamp") is not { } timestamp)
        {
            return new Mapped(null, documentId, "@timestamp is required.");
        }
        if (AlertDocumentMapper.ParseTime(timestamp) is not { } at)
        {
            return new Mapped(null, documentId, "@timestamp must be an ISO 8601 date or epoch milliseconds.");
        }
        var category = Clean(Joined(doc.Get("event.category")));
        var action = Clean(doc.String("event.action"));
        var outcome = Clean(doc.String("event.outcome"));
        var userName = Clean(doc.String("user.name"));
        var userId = Clean(doc.String("user.id"));
        var target = Clean(doc.String("user.target.name"));
        var host = Clean(doc.String("host.name", "host.hostname"));
        var sourceIp = Clean(doc.String("source.ip", "client.ip") ?? AddressIfIp(doc.String("source.address")));
        var auditEvent = new AuditEvent
        {
            DocumentId = documentId,
            Source = source,
            Timestamp = at,
            IngestedAt = now,
            UpdatedAt = now,
            Category = category,
            Action = action,
            Outcome = outcome,
            UserName = userName,
            UserId = userId,
            TargetUserName = target,
            HostName = host,
            SourceIp = sourceIp,
            Summary = DisplayText.Clean(Summary(doc, category, action, outcome, userName ?? userId, target, host, sourceIp), SummaryLength)!,
            RawDocument = raw,
            ContentHash = FlatDocument.CanonicalHash(json),
        };
        return new Mapped(auditEvent, documentId, null);
    }

    /// <summary>"alice: added-user-account → bob (success) on web-1 from 10.0.0.5"; the document's message when it names no action.</summary>
    private static string Summary(FlatDocument doc, string? category, string? action, string? outcome, string? user, string? target, string? host, string? sourceIp)
    {
        if (action is null && category is null && doc.String("message") is { } message)
        {
            return message.Trim();
        }
        var text = new StringBuilder();
        if (user is not null)
        {
            text.Append(user).Append(": ");
        }
        text.Append(action ?? category ?? "event");
        if (target is not null)
        {
            text.Append(" → ").Append(target);
        }
        if (outcome is not null)
        {
            text.Append(" (").Append(outcome).Append(')');
        }
        if (host is not null)
        {
            text.Append(" on ").Append(host);
        }
        if (sourceIp is not null)
        {
            text.Append(" from ").Append(sourceIp);
        }
        return text.ToString();
    }

    /// <summary>Every value of a field that may be a string or an array (ECS <c>event.category</c> is both in the wild), comma-joined.</summary>
    private static string? Joined(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            return FlatDocument.AsString(element) is { Length: > 0 } single ? single : null;
        }
        var values = element.EnumerateArray().Select(FlatDocument.AsString).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }

    /// <summary><c>source.address</c> may be a domain; only an address that parses as IP stands in for a missing <c>source.ip</c> (CloudTrail).</summary>
    private static string? AddressIfIp(string? address) =>
        address is not null && IPAddress.TryParse(address.Trim(), out var ip) ? ip.ToString() : null;

    private static string? Clean(string? value) => DisplayText.Clean(value?.Trim() is { Length: > 0 } trimmed ? trimmed : null, ShortField);
}
