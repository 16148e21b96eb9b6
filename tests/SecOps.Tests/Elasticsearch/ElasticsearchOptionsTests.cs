using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecOps.Web.Elasticsearch;

namespace SecOps.Tests.Elasticsearch;

/// <summary>The options as <see cref="ElasticsearchSetup.AddElasticsearchClient"/> binds them.</summary>
public sealed class ElasticsearchOptionsTests
{
    [Fact]
    public void IndexLists_HaveTheirDefaults_WhenNotConfigured()
    {
        var options = Bind([]);

        Assert.Equal([".alerts-security.alerts-*"], options.AlertIndices);
        Assert.Equal(["logs-*"], options.AuditIndices);
        Assert.Equal(["logs-*"], options.EventIndices);
    }

    [Fact]
    public void IndexLists_AreReplacedByConfiguration_NotAppendedToTheDefault()
    {
        var section = ElasticsearchOptions.SectionName;

        var options = Bind(new()
        {
            [$"{section}:AlertIndices:0"] = "wazuh-alerts-4.x-*",
            [$"{section}:AuditIndices:0"] = "logs-system.auth-*",
            [$"{section}:AuditIndices:1"] = "logs-aws.cloudtrail-*",
            [$"{section}:EventIndices:0"] = "logs-endpoint.events.*",
        });

        Assert.Equal(["wazuh-alerts-4.x-*"], options.AlertIndices);
        Assert.Equal(["logs-system.auth-*", "logs-aws.cloudtrail-*"], options.AuditIndices);
        Assert.Equal(["logs-endpoint.events.*"], options.EventIndices);
    }

    private static ElasticsearchOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddElasticsearchClient();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<ElasticsearchOptions>>().Value;
    }
}
