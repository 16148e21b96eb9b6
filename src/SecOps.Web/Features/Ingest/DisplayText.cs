using System.Text;

namespace SecOps.Web.Features.Ingest;

/// <summary>
/// Makes attacker-controlled text safe to show in a list: control and bidirectional-override characters
/// (which can disguise a file name or reorder a line) become a visible replacement, and length is capped.
/// The raw document keeps the original bytes.
/// </summary>
public static class DisplayText
{
    public const char Replacement = '\uFFFD';

    /// <summary>The bound of a one-line display field (rule, host, user, address, category), in every mapper alike.</summary>
    public const int ShortField = 256;

    public static string? Clean(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        var needsWork = value.Length > maxLength;
        foreach (var c in value)
        {
            if (IsUnsafe(c))
            {
                needsWork = true;
                break;
            }
        }
        if (!needsWork)
        {
            return value;
        }
        var builder = new StringBuilder(Math.Min(value.Length, maxLength + 1));
        foreach (var c in value)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(IsUnsafe(c) ? Replacement : c);
        }
        return builder.ToString();
    }

    public static bool IsUnsafe(char c) =>
        (char.IsControl(c) && c is not ' ')
        || c is '\u200E' or '\u200F' or '\u061C'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
