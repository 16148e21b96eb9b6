using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Elasticsearch;

/// <summary>Connection and tail settings for the Elasticsearch source (section <c>SecOps:Sources:Elasticsearch</c>).</summary>
public sealed class ElasticsearchOptions : IValidatableObject
{
    public const string SectionName = "SecOps:Sources:Elasticsearch";

    /// <summary>Node base URLs, tried in order; the next one is used when a node is unreachable or answers 5xx.</summary>
    public List<Uri> Nodes { get; set; } = [];

    /// <summary>The encoded API key (what Kibana shows as "encoded"), sent as <c>Authorization: ApiKey ...</c>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>SHA-256 of the cluster's CA certificate, hex (colons allowed), as Elasticsearch prints it on first start.</summary>
    public string? CaFingerprint { get; set; }

    /// <summary>PEM or DER file of the CA that signed the nodes' certificates, when it is not in the system store.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Timeout of one attempt against one node.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries per node on 429/502/503/504 and attempt timeouts (with exponential backoff and jitter).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Failed requests to one node within the sampling window before its circuit opens.</summary>
    [Range(2, 10_000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Source preset: <c>ElasticSecurity</c>, <c>Ecs</c>, <c>Wazuh</c>, <c>Suricata</c>, <c>Zeek</c> (read by the alert tail).</summary>
    public string Preset { get; set; } = "ElasticSecurity";

    public List<string> AlertIndices { get; set; } = [".alerts-security.alerts-*"];

    /// <summary>Indices the audit tail reads (and the on-demand audit search queries); empty turns the audit tail off.</summary>
    public List<string> AuditIndices { get; set; } = ["logs-*"];

    /// <summary>
    /// Indices of raw events (ECS logs) that on-demand queries search: the incident timeline's events about users and hosts and
    /// the enrichment of an indicator (<see cref="Queries.SourceQueries"/>). Nothing tails them; empty turns those queries off.
    /// </summary>
    public List<string> EventIndices { get; set; } = ["logs-*"];

    /// <summary>Source preset of the audit tail: <c>EcsAudit</c> (ECS <c>event.category</c> iam, configuration or authentication).</summary>
    public string AuditPreset { get; set; } = "EcsAudit";

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Overlap re-read on every poll so documents that become searchable late are still picked up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Write triage status back to <c>kibana.alert.workflow_status</c>; off by default.</summary>
    public bool WriteBack { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var node in Nodes)
        {
            if (!node.IsAbsoluteUri || (node.Scheme != Uri.UriSchemeHttp && node.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"Node '{node}' must be an absolute http or https URL.", [nameof(Nodes)]);
            }
        }
        if (ApiKey is { Length: > 0 } && Username is { Length: > 0 })
        {
            yield return new ValidationResult("Set either ApiKey or Username/Password, not both.", [nameof(ApiKey)]);
        }
        if (Username is { Length: > 0 } != Password is { Length: > 0 })
        {
            yield return new ValidationResult("Username and Password go together.", [nameof(Username)]);
        }
        if (CaFingerprint is { Length: > 0 } && CaFingerprints.Normalise(CaFingerprint) is null)
        {
            yield return new ValidationResult("CaFingerprint must be a SHA-256 hex digest (64 hex digits, colons allowed).", [nameof(CaFingerprint)]);
        }
        if (CaCertificatePath is { Length: > 0 } && !File.Exists(CaCertificatePath))
        {
            yield return new ValidationResult($"CaCertificatePath '{CaCertificatePath}' does not exist.", [nameof(CaCertificatePath)]);
        }
    }
}
