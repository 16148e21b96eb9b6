using System.Text.RegularExpressions;
using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>
/// The alert fields the metrics aggregate. They differ by source: <see cref="For"/> gives the preset's (Elastic Security's
/// <c>kibana.alert.*</c>, otherwise ECS <c>event.severity</c> and <c>event.risk_score</c>); a caller may name others.
/// </summary>
public sealed record AlertMetricsFields(string Severity, string Host, string RiskScore)
{
    public static AlertMetricsFields For(SourcePreset preset)
    {
        var elastic = preset.Name.Equals(SourcePresets.ElasticSecurity.Name, StringComparison.OrdinalIgnoreCase);
        // A preset that maps a field in the app (Suricata's event.severity → event.severity_label, Wazuh's agent.name → host.name)
        // has it in the source under the mapping's first origin.
        string Origin(string target, string fallback) =>
            preset.FieldMappings.FirstOrDefault(m => m.Target == target && m.From.Count > 0)?.From[0] ?? fallback;
        return new AlertMetricsFields(
            elastic ? "kibana.alert.severity" : Origin("event.severity_label", "event.severity"),
            Origin("host.name", "host.name"),
            elastic ? "kibana.alert.risk_score" : "event.risk_score");
    }
}

/// <summary>
/// Alert metrics over [<see cref="From"/>, <see cref="To"/>]: alerts per <see cref="Interval"/> split by severity, distinct hosts and
/// risk score percentiles. Use <see cref="Create"/>: it bounds the bucket count and checks field names and percents.
/// </summary>
public sealed partial record AlertMetricsRequest
{
    public const int MaxBuckets = 1000;
    public const int SeverityBuckets = 10;
    public const int MaxPercents = 10;
    public const int MaxFieldLength = 256;

    public static IReadOnlyList<double> DefaultPercents { get; } = [50, 90, 95, 99];

    private AlertMetricsRequest(DateTimeOffset from, DateTimeOffset to, MetricsInterval interval, AlertMetricsFields? fields, IReadOnlyList<double> percents) =>
        (From, To, Interval, Fields, Percents) = (from, to, interval, fields, percents);

    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }
    public MetricsInterval Interval { get; }

    /// <summary>The fields to aggregate; null: the configured alert preset's (<see cref="AlertMetricsFields.For"/>).</summary>
    public AlertMetricsFields? Fields { get; }

    public IReadOnlyList<double> Percents { get; }

    /// <summary>The request, or why it cannot be one: a backward window, too many buckets, a field that is not a plain field name, bad percents.</summary>
    public static (AlertMetricsRequest? Request, string? Error) Create(
        DateTimeOffset from, DateTimeOffset to, MetricsInterval interval, AlertMetricsFields? fields = null, IReadOnlyList<double>? percents = null)
    {
        if (to < from)
        {
            return (null, "The window ends before it starts.");
        }
        if (interval == default)
        {
            return (null, "An interval is required.");
        }
        if ((to - from) / interval.MinimumLength + 1 > MaxBuckets)
        {
            return (null, $"The window makes more than {MaxBuckets} buckets at this interval; choose a wider interval.");
        }
        if (fields is not null && new[] { fields.Severity, fields.Host, fields.RiskScore }.FirstOrDefault(f => !IsFieldName(f)) is { } bad)
        {
            return (null, $"'{DisplayText.Clean(bad, 40)}' is not a field name (letters, digits, '_', '@', '-' and dots, at most {MaxFieldLength}).");
        }
        var chosen = percents ?? DefaultPercents;
        if (chosen.Count is 0 or > MaxPercents || chosen.Any(p => !(p > 0 && p <= 100)))
        {
            return (null, $"Between 1 and {MaxPercents} percents, each above 0 and at most 100.");
        }
        return (new AlertMetricsRequest(from, to, interval, fields, [.. chosen.Distinct().Order()]), null);
    }

    public static bool IsFieldName(string? field) => field is { Length: > 0 and <= MaxFieldLength } && FieldName().IsMatch(field);

    [GeneratedRegex(@"^[A-Za-z0-9_@][A-Za-z0-9_@\-]*(\.[A-Za-z0-9_@\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();
}
