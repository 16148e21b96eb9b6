using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Live;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>
/// Each way the cluster misbehaves shows as the right degraded reason while it lasts (the app stays up and ready,
/// Degraded not Unhealthy), and afterwards the tail catches up completely: nothing lost, nothing twice.
/// </summary>
public sealed class AlertTailFaultTests : TailTest
{
    public static TheoryData<string, DegradedReason> Faults => new()
    {
        { nameof(DoubleFaultKind.TooManyRequests), DegradedReason.Throttled },
        { nameof(DoubleFaultKind.ServiceUnavailable), DegradedReason.Unreachable },
        { nameof(DoubleFaultKind.Hang), DegradedReason.Unreachable },
        { nameof(DoubleFaultKind.MalformedBody), DegradedReason.MalformedResponse },
        { nameof(DoubleFaultKind.Unauthorized), DegradedReason.AuthFailure },
        { nameof(DoubleFaultKind.ShardFailure), DegradedReason.PartialResults },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Fault_DegradesWithReason_ThenCatchesUpWithNothingLost(string kind, DegradedReason expected)
    {
        var fault = Enum.Parse<DoubleFaultKind>(kind) switch
        {
            DoubleFaultKind.TooManyRequests => DoubleFault.TooManyRequests(retryAfterSeconds: 1),
            DoubleFaultKind.ServiceUnavailable => DoubleFault.ServiceUnavailable(),
            // Longer than the 500 ms request timeout the test app uses.
            DoubleFaultKind.Hang => DoubleFault.Hang(TimeSpan.FromSeconds(3)),
            DoubleFaultKind.MalformedBody => DoubleFault.MalformedBody(),
            DoubleFaultKind.Unauthorized => DoubleFault.Unauthorized(),
            _ => DoubleFault.ShardFailure(),
        };
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            Node.Index(TailApp.Index, $"before-{i}", TailApp.Alert($"before-{i}", now.AddMilliseconds(i)));
        }
        Node.Refresh();
        using var app = new TailApp(Node, Store);
        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 5, () => "the first alerts stored");
        await Eventually.HoldsAsync(() => app.Health?.State == SourceState.Connected, () => "connected");

        await using (var outage = Outage.Start(Node, fault))
        {
            await Eventually.HoldsAsync(() => app.Health is { State: SourceState.Degraded } h && h.Reason == expected,
                () => $"degraded with {expected}, was {app.Health}");
            var report = await app.Get<HealthCheckService>().CheckHealthAsync(c => c.Name == ElasticsearchHealthCheck.Name);
            Assert.Equal(HealthStatus.Degraded, report.Status);
            using (var ready = await app.Client(null).GetAsync("/health/ready"))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }
            for (var i = 0; i < 20; i++)
            {
                Node.Index(TailApp.Index, $"during-{i:D2}", TailApp.Alert($"during-{i:D2}", DateTimeOffset.UtcNow));
            }
            Node.Refresh();
            await outage.EndAfterLengthAsync();
        }

        await Eventually.HoldsAsync(async () => (await app.AlertsAsync()).Count == 25, () => "every alert written during the outage stored");
        await Eventually.HoldsAsync(() => app.Health?.State == SourceState.Connected, () => $"connected again, was {app.Health}");
        await Eventually.HoldsAsync(async () => (await app.CheckpointAsync())?.LastTiebreaker == "during-19", () => "checkpoint at the newest alert");
        var alerts = await app.AlertsAsync();
        Assert.Equal(25, alerts.Select(a => a.DocumentId).Distinct().Count());
        Assert.Equal(25, await app.FeedCountAsync(ChangeKind.AlertCreated));
        Assert.True(app.Health!.LagSeconds < 5, $"lag {app.Health.LagSeconds} s");
    }
}
