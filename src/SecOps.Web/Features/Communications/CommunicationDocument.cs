using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SecOps.Web.Features.Communications;

/// <summary>
/// A sent message as stored in its timeline event's text (<see cref="Incidents.IncidentEventKind.CommunicationSent"/>):
/// a small JSON document, so communications need no table of their own. Read back only through <see cref="TryRead"/>;
/// its strings are shown as text wherever they appear.
/// </summary>
public sealed record CommunicationDocument(
    [property: JsonPropertyName("audience")] string Audience,
    [property: JsonPropertyName("channel")] CommunicationChannel Channel,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("template")] CommunicationTemplate? Template,
    [property: JsonPropertyName("mailed"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Mailed = false)
{
    // Relaxed escaping keeps non-ASCII letters as themselves (not six characters each), so a message in any language gets
    // the whole length limit; the document is never written into HTML, only parsed back and shown as text.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Write() => JsonSerializer.Serialize(this, Json);

    public static CommunicationDocument? TryRead(string? text)
    {
        try
        {
            var document = JsonSerializer.Deserialize<CommunicationDocument>(text ?? "", Json);
            return document is { Audience: not null, Subject: not null, Body: not null } ? document : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
