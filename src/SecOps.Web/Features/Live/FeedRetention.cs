using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;

namespace SecOps.Web.Features.Live;

/// <summary>
/// Purges change-feed entries older than the retention, hourly, and the tombstones of deleted incidents and tasks whose
/// entries went with them. The newest entry is always kept so the feed's position survives; a client resuming from before
/// the oldest kept entry gets <c>resync</c>.
/// </summary>
public sealed class FeedRetention(IDbContextFactory<SecOpsDbContext> contexts, IOptions<LiveOptions> options, TimeProvider time, ILogger<FeedRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} change-feed entries older than {Retention}", purged, options.Value.FeedRetention);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Change-feed purge failed; it is retried in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.FeedRetention;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var newest = await db.ChangeFeed.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
        var purged = await db.ChangeFeed.Where(e => e.At < cutoff && e.Seq < newest).ExecuteDeleteAsync(cancellationToken);
        // Tombstones of deleted incidents and tasks serve only their feed entries: they go once those are gone.
        var oldest = await db.ChangeFeed.MinAsync(e => (long?)e.Seq, cancellationToken) ?? newest;
        await Incidents.Tombstones.PurgeAsync(db, oldest, cancellationToken);
        return purged;
    }
}
