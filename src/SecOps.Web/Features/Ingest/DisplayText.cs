using System.Text;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// Makes attacker-controlled text safe to show in a list: control and bidirectional-override characters
/// (which can disguise a file name or reorder a line) become a visible replacement, and length is capped.
/// The raw document keeps the original bytes. The same rule applies to what people type (names, view names,
/// suppression reasons, comments, notes): <see cref="CleanUserText"/> when it is stored and again where it is shown,
/// so a U+202E in a view name can never turn the "shared by" credit around.
/// </summary>
public static class DisplayText
{
    public const char Replacement = '\uFFFD';

    /// <summary>The bound of a one-line display field (rule, host, user, address, category), in every mapper alike.</summary>
    public const int ShortField = 256;

    public static string? Clean(string? value, int maxLength) => Clean(value, maxLength, keepLineBreaks: false);

    /// <summary>
    /// Text a person entered: controls and bidi formatting characters replaced. With <paramref name="multiline"/> line
    /// feeds and tabs stay (comments, notes) and a carriage return before a line feed is dropped. Without a bound the
    /// text keeps its length (what was stored was bounded when it was stored).
    /// </summary>
    public static string? CleanUserText(string? value, int? maxLength = null, bool multiline = false) =>
        value is null ? null : Clean(value, maxLength ?? value.Length, multiline);

    private static string? Clean(string? value, int maxLength, bool keepLineBreaks)
    {
        if (value is null)
        {
            return null;
        }
        var needsWork = value.Length > maxLength;
        foreach (var c in value)
        {
            if (IsUnsafe(c) && !(keepLineBreaks && c is '\n' or '\t'))
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork)
        {
            return value;
        }
        var builder = new StringBuilder(Math.Min(value.Length, maxLength) + 1);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }
            if (keepLineBreaks && c == '\r' && i + 1 < value.Length && value[i + 1] == '\n')
            {
                continue;
            }
            builder.Append(IsUnsafe(c) && !(keepLineBreaks && c is '\n' or '\t') ? Replacement : c);
        }
        return builder.ToString();
    }

    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c is not ' ')
        || c is '\u200E' or '\u200F' or '\u061C'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
