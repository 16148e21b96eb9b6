using System.Text;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// What a <c>field:value</c> term means, by the field's kind. Keyword fields (host, user, rule.id, assignee, category,
/// action, fingerprint) match exactly, or by prefix with one trailing <c>*</c>; text fields (rule, tactic, technique)
/// match "contains", where a trailing <c>*</c> adds nothing; IP fields take an address or a CIDR range (IPv4 or IPv6)
/// and nothing else unless quoted. A <c>*</c> anywhere else is an error, never a literal that silently matches nothing:
/// quotes make a value literal.
/// </summary>
public static class AlertQueryTerms
{
    public static bool IsKeyword(AlertField field) => field is AlertField.Host or AlertField.User or AlertField.RuleId or AlertField.Assignee
        or AlertField.Category or AlertField.Action or AlertField.Fingerprint;

    public static bool IsText(AlertField field) => field is AlertField.Rule or AlertField.Tactic or AlertField.Technique;

    public static bool IsIp(AlertField field) => field is AlertField.SourceIp or AlertField.DestinationIp;

    /// <summary>The node for <c>name:value</c> (the value already passed <see cref="AlertFields.Validate"/>), or why not.</summary>
    public static (QueryNode? Node, string? Error) Field(AlertField field, string name, string value, bool quoted, int position)
    {
        if (quoted)
        {
            // Quoted is literal; an address is still compared as an address, so any spelling of it matches.
            return IsIp(field) && IpKey.TryParse(value, out var ip) ? (new IpRangeNode(field, ip, ip), null) : (new FieldNode(field, value), null);
        }
        if (field == AlertField.Assignee && value.Equals("me", StringComparison.OrdinalIgnoreCase))
        {
            return (new AssigneeMeNode(position), null);
        }
        var star = value.IndexOf('*', StringComparison.Ordinal);
        if (IsIp(field))
        {
            if (star >= 0)
            {
                return (null, $"'{name}' takes an address or a CIDR range such as 45.155.0.0/16, not a wildcard");
            }
            return IpKey.TryRange(value, out var why) is var (first, last)
                ? (new IpRangeNode(field, first, last), null)
                : (null, $"'{name}' takes an IPv4 or IPv6 address or a CIDR range such as 45.155.0.0/16 or 2001:db8::/32 ({why}); quote a value to match its text");
        }
        if (star < 0)
        {
            return (new FieldNode(field, value), null);
        }
        if (star != value.Length - 1)
        {
            return (null, "Only a trailing * is supported, as in host:web-*; quote the value to match * itself");
        }
        var prefix = value[..^1];
        if (IsText(field))
        {
            // "Contains web" already matches every value with "web" followed by anything.
            return (new FieldNode(field, prefix), null);
        }
        if (IsKeyword(field))
        {
            return prefix.EnumerateRunes().Any(r => r == Rune.ReplacementChar) && !value.Contains('\uFFFD', StringComparison.Ordinal)
                ? (null, "The prefix holds a broken character")
                : (new PrefixNode(field, prefix), null);
        }
        return (null, $"'{name}' does not take wildcards");
    }

    /// <summary>A bare word: free text, where a trailing <c>*</c> adds nothing (text matches "contains"); null with an error otherwise.</summary>
    public static (QueryNode? Node, string? Error) Text(string word)
    {
        var star = word.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return (new TextNode(word), null);
        }
        return star == word.Length - 1
            ? (new TextNode(word[..^1]), null)
            : (null, "Only a trailing * is supported, as in web-*; quote the words to match * itself");
    }

    /// <summary>
    /// The smallest string above every string that starts with <paramref name="prefix"/> in code-point order (the
    /// order of UTF-8 bytes, SQLite's BINARY collation): the prefix with its last code point raised by one. Null when
    /// there is none (an empty prefix, or one of U+10FFFF only).
    /// </summary>
    public static string? UpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last < 0x10FFFF)
            {
                var next = last + 1 == 0xD800 ? 0xE000 : last + 1;
                runes.Add(new Rune(next));
                return string.Concat(runes.Select(r => r.ToString()));
            }
        }
        return null;
    }
}
