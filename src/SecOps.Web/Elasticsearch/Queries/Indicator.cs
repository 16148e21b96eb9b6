using System.Collections.Frozen;
using System.Diagnostics;
using SecOps.Web.Elasticsearch.Dsl;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>The kinds of indicator enrichment may search for; each maps to a fixed list of ECS fields.</summary>
public enum IndicatorKind
{
    Ip,
    Host,
    User,
    Hash,
    Domain,
}

/// <summary>
/// One indicator to enrich: an allow-listed <see cref="Kind"/> and its value, which is only ever sent as a term value on the
/// kind's ECS <see cref="Fields"/> (never as query text). Use <see cref="Create(string?, string?)"/>: it refuses an unknown kind
/// and a value that cannot be one of that kind (an IP that does not parse, a hash that is not hex of an MD5, SHA-1 or SHA-256).
/// </summary>
public sealed record Indicator
{
    public const int MaxValueLength = 1024;

    private static readonly FrozenDictionary<string, IndicatorKind> KindNames = new Dictionary<string, IndicatorKind>
    {
        ["ip"] = IndicatorKind.Ip,
        ["host"] = IndicatorKind.Host,
        ["user"] = IndicatorKind.User,
        ["hash"] = IndicatorKind.Hash,
        ["domain"] = IndicatorKind.Domain,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private Indicator(IndicatorKind kind, string value, IReadOnlyList<string> fields, bool caseInsensitive) =>
        (Kind, Value, Fields, CaseInsensitive) = (kind, value, fields, caseInsensitive);

    public IndicatorKind Kind { get; }

    /// <summary>The value as searched: trimmed; an IP in its canonical form; a hash in lower case.</summary>
    public string Value { get; }

    /// <summary>The ECS fields searched; an event matches when any of them holds the value.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Hashes and domain names match whatever their case (keyword term queries with <c>case_insensitive</c>).</summary>
    public bool CaseInsensitive { get; }

    /// <summary>The kind names <see cref="Create(string?, string?)"/> accepts.</summary>
    public static IReadOnlyCollection<string> KindNamesAllowed => KindNames.Keys;

    /// <summary>The indicator, or why it cannot be one (an unknown kind names the allowed ones). Numbers are not kind names.</summary>
    public static (Indicator? Indicator, string? Error) Create(string? kind, string? value) =>
        kind is not null && KindNames.TryGetValue(kind.Trim(), out var known)
            ? Create(known, value)
            : (null, $"Unknown indicator kind '{Shorten(kind)}'; allowed: {string.Join(", ", KindNames.Keys.Order(StringComparer.Ordinal))}.");

    public static (Indicator? Indicator, string? Error) Create(IndicatorKind kind, string? value)
    {
        if (!Enum.IsDefined(kind))
        {
            return (null, $"Unknown indicator kind {(int)kind}; allowed: {string.Join(", ", KindNames.Keys.Order(StringComparer.Ordinal))}.");
        }
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, "The indicator value is empty.");
        }
        if (text.Length > MaxValueLength)
        {
            return (null, $"The indicator value is at most {MaxValueLength} characters.");
        }
        return kind switch
        {
            IndicatorKind.Ip => SourceEvent.Address(text) is { } ip && !ip.Contains('%')
                ? (new Indicator(kind, ip, ["source.ip", "destination.ip", "client.ip", "server.ip", "host.ip", "related.ip"], false), null)
                : (null, "An ip indicator must be a single IPv4 or IPv6 address (no range, no zone)."),
            IndicatorKind.Hash => HashFields(text) is { } fields
                ? (new Indicator(kind, text.ToLowerInvariant(), fields, true), null)
                : (null, "A hash indicator must be the hex digest of an MD5 (32), SHA-1 (40) or SHA-256 (64)."),
            IndicatorKind.Host => (new Indicator(kind, text, ["host.name", "host.hostname", "related.hosts"], false), null),
            IndicatorKind.User => (new Indicator(kind, text, ["user.name", "user.id", "user.target.name", "related.user"], false), null),
            IndicatorKind.Domain => (new Indicator(kind, text, ["url.domain", "dns.question.name", "destination.domain", "server.domain"], true), null),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Any of <see cref="Fields"/> holds exactly <see cref="Value"/>: one term query per field, at least one must match.</summary>
    public Query ToQuery() =>
        Query.Bool().WithShould(Fields.Select(f => (Query)Query.Term(f, Value, CaseInsensitive ? true : null))) with { MinimumShouldMatch = 1 };

    /// <summary>The digest's length tells its algorithm, so only that algorithm's fields are searched.</summary>
    private static IReadOnlyList<string>? HashFields(string text)
    {
        if (!text.All(char.IsAsciiHexDigit))
        {
            return null;
        }
        var algorithm = text.Length switch
        {
            32 => "md5",
            40 => "sha1",
            64 => "sha256",
            _ => null,
        };
        return algorithm is null ? null : [$"file.hash.{algorithm}", $"process.hash.{algorithm}", "related.hash"];
    }

    private static string Shorten(string? text) => text is null ? "" : DisplayText.Clean(text, 40)!;
}
