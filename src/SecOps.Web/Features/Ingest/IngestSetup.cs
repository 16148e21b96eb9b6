using Microsoft.AspNetCore.Authorization;
using SecOps.Web.Features.Ingest.Elastic;

namespace SecOps.Web.Features.Ingest;

public static class IngestSetup
{
    public static IHostApplicationBuilder AddSecOpsIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AlertIngestor>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ElasticAuthorizationResultHandler>();
        return builder;
    }
}
