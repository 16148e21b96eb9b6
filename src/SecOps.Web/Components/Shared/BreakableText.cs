using Microsoft.AspNetCore.Components;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// A long token (an email, a host name, a URL, a path) that may wrap where a reader expects it to: a <c>&lt;wbr&gt;</c>
/// after '@' and '/', and before '.', '_', '?', '&amp;' and '=', so "ana.lopez@corp.example" breaks at "@" or a dot
/// rather than in the middle of a word. CSS (overflow-wrap: break-word) still breaks a single piece too long for a line.
/// </summary>
public static class BreakableText
{
    public static RenderFragment Render(string? text) => builder =>
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        var pieces = Pieces(text);
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0)
            {
                builder.OpenElement(0, "wbr");
                builder.CloseElement();
            }
            builder.AddContent(1, pieces[i]);
        }
    };

    /// <summary>The text cut where a line may break; the pieces join back to the text.</summary>
    public static IReadOnlyList<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (BreaksBefore(text, i))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }
        pieces.Add(text[start..]);
        return pieces;
    }

    // Between a separator and a letter only, never inside a run of separators ("//", "..").
    private static bool BreaksBefore(string text, int i) =>
        !(IsSeparator(text[i - 1]) && IsSeparator(text[i])) && (text[i - 1] is '@' or '/' || text[i] is '.' or '_' or '?' or '&' or '=');

    private static bool IsSeparator(char c) => c is '@' or '/' or '.' or '_' or '?' or '&' or '=';
}
