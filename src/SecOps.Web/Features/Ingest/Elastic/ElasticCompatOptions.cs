namespace SecOps.Web.Features.Ingest.Elastic;

/// <summary>
/// Settings of the Elasticsearch-compatible ingest endpoint (<c>/api/v1/elastic/</c>), section
/// <c>SecOps:Ingest:Elastic</c>. Index names are routed by simple <c>*</c> globs: audit patterns first, then
/// alert patterns; an index matching neither is rejected per item.
/// </summary>
public sealed class ElasticCompatOptions
{
    public const string SectionName = "SecOps:Ingest:Elastic";

    public static readonly IReadOnlyList<string> DefaultAlertIndexPatterns = ["*"];

    public static readonly IReadOnlyList<string> DefaultAuditIndexPatterns = ["audit-*", "logs-audit*"];

    /// <summary>The Elasticsearch version the root endpoint reports (clients check the major version).</summary>
    public string Version { get; set; } = "8.15.0";

    /// <summary>Index patterns whose documents are alerts; null or empty means the default (<c>*</c>).</summary>
    public string[]? AlertIndexPatterns { get; set; }

    /// <summary>Index patterns whose documents are audit events; null means the default.</summary>
    public string[]? AuditIndexPatterns { get; set; }

    public IReadOnlyList<string> EffectiveAlertPatterns =>
        AlertIndexPatterns is { Length: > 0 } patterns ? patterns : DefaultAlertIndexPatterns;

    public IReadOnlyList<string> EffectiveAuditPatterns =>
        AuditIndexPatterns ?? DefaultAuditIndexPatterns;

    public static ElasticCompatOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ElasticCompatOptions>() ?? new ElasticCompatOptions();
}

public enum ElasticIndexRoute
{
    None,
    Alerts,
    Audit,
}

public static class ElasticIndexRouter
{
    public static ElasticIndexRoute Route(string index, ElasticCompatOptions options)
    {
        if (options.EffectiveAuditPatterns.Any(p => GlobMatches(p, index)))
        {
            return ElasticIndexRoute.Audit;
        }
        return options.EffectiveAlertPatterns.Any(p => GlobMatches(p, index)) ? ElasticIndexRoute.Alerts : ElasticIndexRoute.None;
    }

    /// <summary>A simple glob: <c>*</c> matches any run of characters, everything else matches itself (ordinal).</summary>
    public static bool GlobMatches(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
