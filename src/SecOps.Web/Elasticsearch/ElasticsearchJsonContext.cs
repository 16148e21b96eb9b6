using System.Text.Json.Serialization;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Web.Elasticsearch;

/// <summary>Source-generated (reflection-free) serialisation of the response models.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(AsyncSearchResponse))]
[JsonSerializable(typeof(CountResponse))]
[JsonSerializable(typeof(BulkResponse))]
[JsonSerializable(typeof(WriteResponse))]
[JsonSerializable(typeof(MultiGetResponse))]
[JsonSerializable(typeof(ByQueryResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(PointInTimeResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ErrorCause))]
public sealed partial class ElasticsearchJsonContext : JsonSerializerContext;
