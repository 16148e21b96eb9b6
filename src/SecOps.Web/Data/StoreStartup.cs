using Microsoft.EntityFrameworkCore;

namespace SecOps.Web.Data;

/// <summary>Migrates the store and positions the live feed before anything else starts.</summary>
public sealed class StoreStartup(IDbContextFactory<SecOpsDbContext> contexts, StoreWriter writer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await DataSetup.MigrateAsync(db, cancellationToken);
        }
        await writer.InitialiseAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
