namespace SecOps.Web.Elasticsearch.Queries;

public static class SourceQueriesSetup
{
    /// <summary>Registers <see cref="SourceQueries"/>, the on-demand questions later features ask the Elasticsearch source.</summary>
    public static IHostApplicationBuilder AddElasticsearchQueries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SourceQueries>();
        return builder;
    }
}
