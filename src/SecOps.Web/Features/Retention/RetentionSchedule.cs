using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// Runs the purge on its own, as SecOps: it looks hourly (or every <see cref="RetentionOptions.Interval"/>, if shorter)
/// and purges when the audit trail holds no run within the interval. Judging by the last recorded run, not by this
/// process's uptime, means restarts never postpone the purge, and instances sharing a store rarely run it twice (when
/// they do, the second finds nothing: deletions are ordered by the store writer).
/// </summary>
public sealed class RetentionSchedule(RetentionPurge purge, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSchedule> logger) : BackgroundService
{
    public static TimeSpan LookEvery(TimeSpan interval) => interval < TimeSpan.FromHours(1) ? interval : TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("The scheduled retention purge is off (SecOps:Retention:Enabled); it runs only when an administrator asks");
            return;
        }
        using var timer = new PeriodicTimer(LookEvery(options.Value.Interval), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await purge.DueAsync(stoppingToken))
                {
                    var counts = await purge.PurgeAsync(Actor.System, stoppingToken);
                    logger.LogInformation("Retention purge: {Alerts} alerts, {AuditEvents} audit events, {Incidents} incidents deleted",
                        counts.Alerts, counts.AuditEvents, counts.Incidents);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The retention purge failed; it is tried again within the hour");
            }
        }
    }
}
