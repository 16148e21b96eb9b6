using System.Text.Json;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Presence;
using SecOps.Web.Features.ScaleOut;
using StackExchange.Redis;

namespace SecOps.IntegrationTests.Features.ScaleOut;

/// <summary>Two instances on one store and one Redis: who views or edits an incident on one shows on the other.</summary>
[Trait("Store", TestStore.PostgresOnly)]
public sealed class PresenceAcrossInstancesTests
{
    private static readonly PresenceSubject Incident = PresenceSubject.Incident(42);

    private static async Task<ScaleOutPair> StartAsync()
    {
        // Short renewals so that a report nobody renews runs out within the test.
        var renewal = new Dictionary<string, string?> { ["SecOps:ScaleOut:PresenceInterval"] = "00:00:00.300" };
        var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration, settingsA: renewal, settingsB: renewal);
        await pair.A.Get<PresenceRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        await pair.B.Get<PresenceRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        return pair;
    }

    [RedisFact]
    public async Task AViewerOnA_ShowsOnB_ThenEditing_ThenGoneWhenTheyLeave()
    {
        await using var pair = await StartAsync();
        var onB = pair.B.Get<PresenceTracker>();
        var changes = new Arrivals<PresenceSubject>();
        using var watching = onB.Subscribe(changes.Add);
        using var ownOnB = onB.Enter(Incident, "Bea on B");

        using (var view = pair.A.Get<PresenceTracker>().Enter(Incident, "Rita on A"))
        {
            await changes.WaitUntilAsync(_ => onB.Present(Incident, ownOnB).Any(p => p.Name == "Rita on A"), "A's viewer on B");
            Assert.Equal([new PresentPerson("Rita on A", false)], onB.Present(Incident, ownOnB));
            Assert.Equal([new PresentPerson("Bea on B", false)], onB.Local(Incident));
            // B's own viewer reaches A the same way.
            var onA = pair.A.Get<PresenceTracker>();
            Assert.Contains(new PresentPerson("Bea on B", false), onA.Present(Incident, view));

            view.SetEditing(true);
            await changes.WaitUntilAsync(_ => onB.Present(Incident, ownOnB).SingleOrDefault()?.Editing == true, "A's viewer editing, on B");
        }

        await changes.WaitUntilAsync(_ => onB.Present(Incident, ownOnB).Count == 0, "A's viewer gone from B once they left");
        Assert.Equal(["Bea on B"], onB.Present(Incident).Select(p => p.Name));
    }

    [RedisFact]
    public async Task TheViewersOfAnInstanceThatStopsReporting_DisappearWithinThreeRenewals()
    {
        await using var pair = await StartAsync();
        var onB = pair.B.Get<PresenceTracker>();
        var changes = new Arrivals<PresenceSubject>();
        using var watching = onB.Subscribe(changes.Add);

        // An instance that reports once and then dies (no goodbye): its report is all B ever hears of it.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.Configuration!))
        {
            var report = JsonSerializer.Serialize(new { Instance = "dead-instance", Kind = "incident", Id = Incident.Id, People = new[] { new { Name = "Ghost", Editing = true } } });
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(pair.Channel + ":presence"), report);
        }
        await changes.WaitUntilAsync(_ => onB.Present(Incident).Any(p => p.Name == "Ghost" && p.Editing), "the dying instance's viewer on B");

        await changes.WaitUntilAsync(_ => onB.Present(Incident).Count == 0, "the viewer of an instance that stopped reporting, expired");
    }
}
