using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SecOps.Web.Elasticsearch;

namespace SecOps.IntegrationTests.Elasticsearch;

/// <summary>Builds the real client through <c>AddElasticsearchClient</c>, configured as the app would be, with short delays for tests.</summary>
public sealed class ElasticsearchClientHost : IDisposable
{
    private readonly IHost _host;

    public ElasticsearchClientHost(IEnumerable<Uri> nodes, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{ElasticsearchOptions.SectionName}:RequestTimeout"] = "00:00:05",
            [$"{ElasticsearchOptions.SectionName}:MaxRetries"] = "3",
            [$"{ElasticsearchOptions.SectionName}:RetryBaseDelay"] = "00:00:00.020",
        };
        var i = 0;
        foreach (var node in nodes)
        {
            settings[$"{ElasticsearchOptions.SectionName}:Nodes:{i++}"] = node.ToString();
        }
        configure?.Invoke(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddElasticsearchClient();
        _host = builder.Build();
        Client = _host.Services.GetRequiredService<IElasticsearchClient>();
    }

    public IElasticsearchClient Client { get; }

    /// <summary>A loopback URL where nothing listens, so connecting is refused.</summary>
    public static Uri DeadNode()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public void Dispose() => _host.Dispose();
}
