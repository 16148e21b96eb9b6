using System.Text;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Parses the board's query text. Bare words are free text, <c>field:value</c> filters a field, quotes
/// group a phrase (<c>\"</c> escapes a quote). Words are implicitly ANDed; boolean operators and
/// parentheses are reported as not supported yet rather than silently read as words.
/// </summary>
public static class AlertQueryParser
{
    public const int MaxLength = 10_000;

    public static (AlertQuery? Query, QueryError? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (AlertQuery.All, null);
        }
        if (text.Length > MaxLength)
        {
            return (null, new QueryError($"The query is longer than {MaxLength} characters.", MaxLength));
        }
        var words = new List<string>();
        var filters = new List<FieldFilter>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            var start = i;
            if (text[i] is '(' or ')')
            {
                return (null, new QueryError("Parentheses are not supported yet.", i));
            }
            var (token, quoted, error) = ReadToken(text, ref i, stopAtColon: true);
            if (error is not null)
            {
                return (null, error);
            }
            if (!quoted && token is "AND" or "OR" or "NOT")
            {
                if (token == "AND")
                {
                    continue;
                }
                return (null, new QueryError($"{token} is not supported yet; words are combined with AND.", start));
            }
            if (!quoted && i < text.Length && text[i] == ':')
            {
                if (!AlertFieldNames.ByName.TryGetValue(token, out var field))
                {
                    return (null, new QueryError($"Unknown field '{token}'.", start));
                }
                i++;
                var valueStart = i;
                if (i >= text.Length || char.IsWhiteSpace(text[i]))
                {
                    return (null, new QueryError($"'{token}:' needs a value.", valueStart));
                }
                var (value, _, valueError) = ReadToken(text, ref i, stopAtColon: false);
                if (valueError is not null)
                {
                    return (null, valueError);
                }
                if (AlertFieldNames.ValidateValue(field, value) is { } invalid)
                {
                    return (null, new QueryError(invalid + ".", valueStart));
                }
                filters.Add(new FieldFilter(field, value));
                continue;
            }
            if (token.Length > 0)
            {
                words.Add(token);
            }
        }
        return (new AlertQuery(words, filters), null);
    }

    private static (string Token, bool Quoted, QueryError? Error) ReadToken(string text, ref int i, bool stopAtColon)
    {
        if (text[i] == '"')
        {
            var open = i;
            i++;
            var phrase = new StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }
                phrase.Append(text[i]);
                i++;
            }
            if (i >= text.Length)
            {
                return ("", true, new QueryError("The quote is not closed.", open));
            }
            i++;
            return (phrase.ToString(), true, null);
        }
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '"') && !(stopAtColon && text[i] == ':'))
        {
            i++;
        }
        return (text[start..i], false, null);
    }
}
