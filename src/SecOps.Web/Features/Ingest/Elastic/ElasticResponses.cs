using System.Text.Json.Serialization;

namespace SecOps.Web.Features.Ingest.Elastic;

/// <summary>An Elasticsearch error object (<c>type</c> and <c>reason</c>), as in bulk items and error bodies.</summary>
public sealed record ElasticError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>Elasticsearch's whole-request error body: <c>{ "error": { "root_cause", "type", "reason" }, "status" }</c>.</summary>
public sealed record ElasticErrorResponse(
    [property: JsonPropertyName("error")] ElasticErrorBody Error,
    [property: JsonPropertyName("status")] int Status)
{
    public static ElasticErrorResponse Of(string type, string reason, int status) =>
        new(new ElasticErrorBody([new ElasticError(type, reason)], type, reason), status);
}

public sealed record ElasticErrorBody(
    [property: JsonPropertyName("root_cause")] IReadOnlyList<ElasticError> RootCause,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>One item of a bulk answer, wrapped in an object keyed by its action (<c>{ "create": { ... } }</c>).</summary>
public sealed record ElasticBulkItem(
    [property: JsonPropertyName("_index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Index,
    [property: JsonPropertyName("_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("result"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Result = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ElasticError? Error = null)
{
    [JsonPropertyName("_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Version => Error is null ? 1 : null;
}

public sealed record ElasticBulkResponse(
    [property: JsonPropertyName("took")] long Took,
    [property: JsonPropertyName("errors")] bool Errors,
    [property: JsonPropertyName("items")] IReadOnlyList<IReadOnlyDictionary<string, ElasticBulkItem>> Items);

public sealed record ElasticRootInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cluster_name")] string ClusterName,
    [property: JsonPropertyName("cluster_uuid")] string ClusterUuid,
    [property: JsonPropertyName("version")] ElasticVersionInfo Version,
    [property: JsonPropertyName("tagline")] string Tagline);

public sealed record ElasticVersionInfo(
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("build_flavor")] string BuildFlavor,
    [property: JsonPropertyName("build_type")] string BuildType,
    [property: JsonPropertyName("build_hash")] string BuildHash,
    [property: JsonPropertyName("build_date")] string BuildDate,
    [property: JsonPropertyName("build_snapshot")] bool BuildSnapshot,
    [property: JsonPropertyName("lucene_version")] string LuceneVersion,
    [property: JsonPropertyName("minimum_wire_compatibility_version")] string MinimumWireCompatibilityVersion,
    [property: JsonPropertyName("minimum_index_compatibility_version")] string MinimumIndexCompatibilityVersion);

/// <summary>The <c>header</c> object Elasticsearch adds to a <c>security_exception</c>.</summary>
public sealed record ElasticSecurityHeaders([property: JsonPropertyName("WWW-Authenticate")] IReadOnlyList<string> WwwAuthenticate);

/// <summary>A <c>security_exception</c> cause, as in a 401 or 403 body.</summary>
public sealed record ElasticSecurityError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("header"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ElasticSecurityHeaders? Header);

public sealed record ElasticSecurityErrorBody(
    [property: JsonPropertyName("root_cause")] IReadOnlyList<ElasticSecurityError> RootCause,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("header"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ElasticSecurityHeaders? Header);

/// <summary>Elasticsearch's 401/403 body: <c>{ "error": { "root_cause", "type", "reason", "header" }, "status" }</c>.</summary>
public sealed record ElasticSecurityErrorResponse(
    [property: JsonPropertyName("error")] ElasticSecurityErrorBody Error,
    [property: JsonPropertyName("status")] int Status);

/// <summary>The get-license answer: <c>{ "license": { "status", "uid", "type", ... } }</c>.</summary>
public sealed record ElasticLicenseResponse([property: JsonPropertyName("license")] ElasticLicense License);

public sealed record ElasticLicense(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("issue_date")] string IssueDate,
    [property: JsonPropertyName("issue_date_in_millis")] long IssueDateInMillis,
    [property: JsonPropertyName("max_nodes")] int MaxNodes,
    [property: JsonPropertyName("issued_to")] string IssuedTo,
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("start_date_in_millis")] long StartDateInMillis);
