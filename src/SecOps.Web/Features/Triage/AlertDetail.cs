using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Triage;

/// <summary>Everything the drawer shows about one alert.</summary>
public sealed record AlertDetail(AlertView Alert, string RawJson, IReadOnlyList<AlertTransition> History, IReadOnlyList<AlertView> Related,
    IReadOnlyList<Notes.AlertNote>? AlertNotes = null)
{
    /// <summary>
    /// The incident the alert was escalated into when the viewer may see it: a restricted incident's id is missing from
    /// the alert's shared view, and given here to its members only.
    /// </summary>
    public long? IncidentId { get; init; } = Alert.IncidentId;

    /// <summary>Notes on the alert, oldest first.</summary>
    public IReadOnlyList<Notes.AlertNote> Notes => AlertNotes ?? [];

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 128 };

    /// <summary>
    /// The source document indented for reading. It is shown as text (never markup); characters that could
    /// disguise it (bidi overrides, controls) are written as \u escapes so what you see is what was sent.
    /// </summary>
    public static string FormatRaw(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 128 });
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var safe = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (DisplayText.IsUnsafe(c) && c is not ('\n' or '\r'))
                {
                    safe.Append("\\u").Append(((int)c).ToString("X4"));
                }
                else
                {
                    safe.Append(c);
                }
            }
            return safe.ToString();
        }
        catch (JsonException)
        {
            return raw;
        }
    }
}
