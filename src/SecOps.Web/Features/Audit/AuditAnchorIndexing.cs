using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// Sends anchors to Elasticsearch as <see cref="AuditAnchors"/> offers them, off the append path; after a failure it waits one
/// <see cref="AuditOptions.AnchorInterval"/> and sends the newest anchor then. Idle when no anchor index is configured.
/// </summary>
public sealed class AuditAnchorIndexing(AuditAnchorIndex index, IOptions<AuditOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!index.Enabled)
        {
            return;
        }
        try
        {
            while (true)
            {
                await index.WaitForOfferAsync(stoppingToken);
                while (!await index.SendAsync(stoppingToken))
                {
                    await Task.Delay(options.Value.AnchorInterval, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Registered before <see cref="AuditAnchoring"/>, so this stops after it and sends the head it anchors at stop.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await index.SendAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown ran out of time; the file anchor was written all the same.
        }
    }
}
