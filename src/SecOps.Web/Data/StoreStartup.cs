using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Data;

/// <summary>Migrates the store and positions the live feed before anything else starts.</summary>
public sealed class StoreStartup(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer, IOptions<SlaOptions> sla, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await DataSetup.MigrateAsync(db, cancellationToken);
            var started = TimeProvider.System.GetTimestamp();
            if (await ComplianceAggregates.SyncAsync(db, sla.Value, cancellationToken))
            {
                logger.LogInformation("Rebuilt the compliance day aggregates for the SLA targets in {Seconds:F1} s", TimeProvider.System.GetElapsedTime(started).TotalSeconds);
            }
        }
        await writer.InitialiseAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
