using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// At start, chains records written before the chain existed and anchors the head; then anchors it every
/// <see cref="AuditOptions.AnchorInterval"/> when it moved, and once more at stop.
/// </summary>
public sealed class AuditAnchoring(AuditTrail trail, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditAnchoring> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var sealedCount = await trail.SealUnchainedAsync(cancellationToken);
        if (sealedCount > 0)
        {
            logger.LogWarning("Chained {Count} audit records written before the audit chain existed.", sealedCount);
        }
        await trail.AnchorHeadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnchorInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await trail.AnchorHeadAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not anchor the audit chain's head; trying again in {Interval}.", options.Value.AnchorInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await trail.AnchorHeadAsync(cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not anchor the audit chain's head at stop.");
        }
    }
}
