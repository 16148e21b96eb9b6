using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Notes;

namespace SecOps.Web.Features.Incidents;

/// <summary>People's text on incidents: trimmed, capped, control and bidi characters replaced.</summary>
public static class IncidentText
{
    public const int TitleLength = 200;
    public const int NoteLength = AlertNotes.MaxLength;

    /// <summary>A title: one line (line breaks become spaces), capped.</summary>
    public static string Title(string? text) =>
        DisplayText.CleanUserText((text ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim(), TitleLength) ?? "";

    /// <summary>One line of plain text (a timeline event): line breaks become spaces, capped.</summary>
    public static string Line(string? text, int maxLength) =>
        DisplayText.CleanUserText((text ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim(), maxLength) ?? "";

    /// <summary>Markdown (a note or description): line breaks and tabs kept.</summary>
    public static string Markdown(string? text) => AlertNotes.Clean(text);
}
