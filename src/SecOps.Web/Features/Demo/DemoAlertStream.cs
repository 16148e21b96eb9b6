using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Demo;

/// <summary>Feeds generated alerts through the same ingest path as the API, at the configured rate.</summary>
public sealed class DemoAlertStream(AlertIngestor ingestor, IDbContextFactory<SecOpsDbContext> contexts, IOptions<DemoOptions> options, TimeProvider time, ILogger<DemoAlertStream> logger) : BackgroundService
{
    private static readonly Actor DemoActor = new("demo-stream", "Demo stream", new HashSet<Permission> { Permission.AlertsIngest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var generator = new DemoAlertGenerator(Random.Shared);
        try
        {
            await SeedAsync(generator, settings.InitialAlerts, stoppingToken);
            if (settings.AlertsPerSecond <= 0)
            {
                return;
            }
            // Batch per tick so high demo rates stay cheap; at low rates this is one alert per tick.
            var tick = TimeSpan.FromSeconds(Math.Max(0.05, 1 / settings.AlertsPerSecond));
            var perTick = Math.Max(1, (int)Math.Round(settings.AlertsPerSecond * tick.TotalSeconds));
            using var timer = new PeriodicTimer(tick, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                await IngestAsync(Enumerable.Range(0, perTick).Select(_ => generator.Next(now)), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "The demo alert stream stopped");
        }
    }

    private async Task SeedAsync(DemoAlertGenerator generator, int count, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (count == 0 || await db.Alerts.AnyAsync(cancellationToken))
            {
                return;
            }
        }
        var now = time.GetUtcNow();
        // Spread over the last six hours so the board shows ages and a mix of statuses from the start.
        var documents = Enumerable.Range(0, count)
            .Select(i => generator.Next(now - TimeSpan.FromSeconds(21_600.0 * (count - i) / count)));
        await IngestAsync(documents, cancellationToken);
    }

    private Task IngestAsync(IEnumerable<System.Text.Json.Nodes.JsonObject> documents, CancellationToken cancellationToken)
    {
        var parsed = documents.Select(d => new IngestDocument(null, JsonSerializer.SerializeToElement(d), null)).ToList();
        return ingestor.IngestAsync(DemoActor, parsed, "demo", cancellationToken);
    }
}
