using System.Text;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// Parses the board's query language: bare words and "quoted phrases" as free text, <c>field:value</c>,
/// <c>field:(a OR b)</c>, ranges (<c>risk_score &gt;= 70</c>, <c>@timestamp &gt; now-1h</c>), AND / OR / NOT (any case)
/// with the usual precedence, <c>-term</c> for NOT, and parentheses; wildcards, CIDR ranges and <c>assignee:me</c> as
/// <see cref="AlertQueryTerms"/> says. Every problem is a <see cref="QueryError"/> with
/// its position; nothing throws. Limits on length, depth and size keep hostile input cheap.
/// </summary>
public sealed class AlertQueryParser
{
    public const int MaxLength = 10_000;
    public const int MaxDepth = 32;
    public const int MaxNodes = 256;

    private readonly string _text;
    private readonly TimeProvider _time;
    private int _pos;
    private int _nodes;

    private AlertQueryParser(string text, TimeProvider time)
    {
        _text = text;
        _time = time;
    }

    public static (AlertQuery? Query, QueryError? Error) Parse(string? text, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (AlertQuery.All, null);
        }
        if (text.Length > MaxLength)
        {
            return (null, new QueryError($"The query is longer than {MaxLength} characters.", MaxLength));
        }
        var parser = new AlertQueryParser(text, time ?? TimeProvider.System);
        try
        {
            var root = parser.ParseOr(0);
            parser.SkipSpace();
            if (!parser.AtEnd)
            {
                return (null, new QueryError(parser.Peek == ')' ? "This closing parenthesis has no opening one." : "Unexpected text.", parser._pos));
            }
            return (new AlertQuery(root), null);
        }
        catch (QueryException e)
        {
            return (null, e.Error);
        }
    }

    private sealed class QueryException(QueryError error) : Exception(error.Message)
    {
        public QueryError Error { get; } = error;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Peek => _text[_pos];

    private static QueryException Fail(string message, int position) => new(new QueryError(message, position));

    private QueryNode ParseOr(int depth)
    {
        var items = new List<QueryNode> { ParseAnd(depth) };
        while (TryKeyword("OR"))
        {
            items.Add(ParseAnd(depth));
        }
        return items.Count == 1 ? items[0] : Count(new OrNode(items));
    }

    private QueryNode ParseAnd(int depth)
    {
        var items = new List<QueryNode> { ParseUnary(depth) };
        while (true)
        {
            SkipSpace();
            if (AtEnd || Peek == ')' || IsKeyword("OR"))
            {
                break;
            }
            TryKeyword("AND");
            items.Add(ParseUnary(depth));
        }
        return items.Count == 1 ? items[0] : Count(new AndNode(items));
    }

    private QueryNode ParseUnary(int depth)
    {
        SkipSpace();
        if (depth > MaxDepth)
        {
            throw Fail($"The query is nested more than {MaxDepth} levels deep.", _pos);
        }
        if (TryKeyword("NOT"))
        {
            return Count(new NotNode(ParseUnary(depth + 1)));
        }
        if (!AtEnd && Peek == '-' && _pos + 1 < _text.Length && !char.IsWhiteSpace(_text[_pos + 1]))
        {
            _pos++;
            return Count(new NotNode(ParsePrimary(depth + 1)));
        }
        return ParsePrimary(depth);
    }

    private QueryNode ParsePrimary(int depth)
    {
        SkipSpace();
        if (AtEnd)
        {
            throw Fail("The query ends where a term was expected.", _pos);
        }
        var start = _pos;
        if (Peek == '(')
        {
            _pos++;
            var inner = ParseOr(depth + 1);
            SkipSpace();
            if (AtEnd || Peek != ')')
            {
                throw Fail("This parenthesis is not closed.", start);
            }
            _pos++;
            return inner;
        }
        if (Peek == ')')
        {
            throw Fail("Empty parentheses or a missing term.", _pos);
        }
        if (Peek == '"')
        {
            return Count(new TextNode(ReadPhrase()));
        }
        if (IsKeyword("AND") || IsKeyword("OR"))
        {
            throw Fail($"'{ReadWord(stopAtColon: true)}' needs a term before it.", start);
        }
        var word = ReadWord(stopAtColon: true);
        if (word.Length == 0)
        {
            throw Fail($"Unexpected '{Peek}'.", _pos);
        }
        var afterWord = _pos;
        SkipSpace();
        if (!AtEnd && (Peek == ':' || Peek == '<' || Peek == '>'))
        {
            if (!AlertFields.ByName.TryGetValue(word, out var field))
            {
                throw Fail($"Unknown field '{word}'. Fields: {string.Join(", ", AlertFields.Suggested)}.", start);
            }
            return Peek == ':' ? ParseFieldValue(field, word) : ParseRange(field, word);
        }
        _pos = afterWord;
        var (text, error) = AlertQueryTerms.Text(word);
        return text is null ? throw Fail(error! + ".", start) : Count(text);
    }

    private QueryNode ParseFieldValue(AlertField field, string name)
    {
        _pos++;
        SkipSpace();
        if (!AtEnd && Peek == '(')
        {
            var open = _pos++;
            var values = new List<QueryNode> { Count(FieldValue(field, name)) };
            while (TryKeyword("OR"))
            {
                values.Add(Count(FieldValue(field, name)));
            }
            SkipSpace();
            if (AtEnd || Peek != ')')
            {
                throw Fail($"The value list of '{name}' is not closed (values are separated by OR).", open);
            }
            _pos++;
            return values.Count == 1 ? values[0] : Count(new OrNode(values));
        }
        return Count(FieldValue(field, name));
    }

    private QueryNode FieldValue(AlertField field, string name)
    {
        SkipSpace();
        var start = _pos;
        var quoted = !AtEnd && Peek == '"';
        var value = quoted ? ReadPhrase() : ReadWord(stopAtColon: false);
        if (value.Length == 0)
        {
            throw Fail($"'{name}:' needs a value.", start);
        }
        if (AlertFields.Validate(field, value, _time) is { } invalid)
        {
            throw Fail(invalid + ".", start);
        }
        var (node, error) = AlertQueryTerms.Field(field, name, value, quoted, start);
        return node ?? throw Fail(error! + ".", start);
    }

    private RangeNode ParseRange(AlertField field, string name)
    {
        var opStart = _pos;
        var op = Peek == '>' ? RangeOperator.GreaterThan : RangeOperator.LessThan;
        _pos++;
        if (!AtEnd && Peek == '=')
        {
            op = op == RangeOperator.GreaterThan ? RangeOperator.GreaterOrEqual : RangeOperator.LessOrEqual;
            _pos++;
        }
        if (!AlertFields.IsRangeable(field))
        {
            throw Fail($"'{name}' cannot be compared with < or >; use {name}:value.", opStart);
        }
        SkipSpace();
        var start = _pos;
        var value = !AtEnd && Peek == '"' ? ReadPhrase() : ReadWord(stopAtColon: false);
        if (value.Length == 0)
        {
            throw Fail($"The comparison needs a value.", start);
        }
        if (AlertFields.Validate(field, value, _time) is { } invalid)
        {
            throw Fail(invalid + ".", start);
        }
        return (RangeNode)Count(new RangeNode(field, op, value));
    }

    private QueryNode Count(QueryNode node)
    {
        if (++_nodes > MaxNodes)
        {
            throw Fail($"The query has more than {MaxNodes} terms.", _pos);
        }
        return node;
    }

    private string ReadPhrase()
    {
        var open = _pos++;
        var phrase = new StringBuilder();
        while (!AtEnd && Peek != '"')
        {
            if (Peek == '\\' && _pos + 1 < _text.Length)
            {
                _pos++;
            }
            phrase.Append(Peek);
            _pos++;
        }
        if (AtEnd)
        {
            throw Fail("The quote is not closed.", open);
        }
        _pos++;
        return phrase.ToString();
    }

    private string ReadWord(bool stopAtColon)
    {
        var start = _pos;
        while (!AtEnd && !char.IsWhiteSpace(Peek) && Peek is not ('(' or ')' or '"') && !(stopAtColon && Peek is ':' or '<' or '>'))
        {
            _pos++;
        }
        return _text[start.._pos];
    }

    private bool IsKeyword(string keyword)
    {
        var end = _pos + keyword.Length;
        return end <= _text.Length
            && string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == _text.Length || char.IsWhiteSpace(_text[end]) || _text[end] == '(');
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (!IsKeyword(keyword))
        {
            return false;
        }
        _pos += keyword.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek))
        {
            _pos++;
        }
    }
}
