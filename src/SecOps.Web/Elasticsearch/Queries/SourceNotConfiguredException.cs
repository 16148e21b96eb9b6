namespace SecOps.Web.Elasticsearch.Queries;

/// <summary>An on-demand query was asked of Elasticsearch while no source (nodes and the indices it needs) is configured.</summary>
public sealed class SourceNotConfiguredException(string indicesSetting)
    : InvalidOperationException($"No Elasticsearch source is configured for this query ({ElasticsearchOptions.SectionName}:Nodes and {indicesSetting}).")
{
    /// <summary>The option naming the indices the query needs: <c>EventIndices</c> or <c>AlertIndices</c>.</summary>
    public string IndicesSetting { get; } = indicesSetting;
}
