namespace SecOps.Web.Features.Triage;

/// <summary>
/// Completions for the last word of a query: field names while typing a word, values after <c>field:</c>
/// for fields with a fixed vocabulary or with known values (hosts, users, rules seen in the store).
/// Each suggestion is the whole query with its last word completed.
/// </summary>
public static class QuerySuggestions
{
    private static readonly IReadOnlyDictionary<AlertField, string[]> FixedValues = new Dictionary<AlertField, string[]>
    {
        [AlertField.Severity] = ["low", "medium", "high", "critical"],
        [AlertField.Status] = ["open", "acknowledged", "in-progress", "closed"],
    };

    public static IReadOnlyList<Suggestion> For(string? text, Func<AlertField, IReadOnlyList<string>> knownValues, int max = 8)
    {
        text ??= "";
        var start = text.LastIndexOfAny([' ', '(']) + 1;
        var prefix = text[..start];
        var word = text[start..];
        var colon = word.IndexOf(':');
        if (colon < 0)
        {
            return word.Length == 0 ? [] : AlertFields.Suggested
                .Where(f => f.StartsWith(word, StringComparison.OrdinalIgnoreCase) && !f.Equals(word, StringComparison.OrdinalIgnoreCase))
                .Take(max).Select(f => new Suggestion(prefix + f + ":", f + ":")).ToList();
        }
        if (!AlertFields.ByName.TryGetValue(word[..colon], out var field))
        {
            return [];
        }
        var partial = word[(colon + 1)..].Trim('"');
        var values = FixedValues.TryGetValue(field, out var fixedValues) ? fixedValues : knownValues(field);
        return values
            .Where(v => v.StartsWith(partial, StringComparison.OrdinalIgnoreCase) && !v.Equals(partial, StringComparison.OrdinalIgnoreCase))
            .Take(max)
            .Select(v => new Suggestion(prefix + word[..(colon + 1)] + Quote(v), Quote(v)))
            .ToList();
    }

    /// <summary>The whole query with the last word completed, and what to show for it.</summary>
    public sealed record Suggestion(string Text, string Label);

    private static string Quote(string value) =>
        value.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '"') ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : value;
}
