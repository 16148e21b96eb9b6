using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Features.ScaleOut;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Automation;

/// <summary>
/// Several instances on one store all see every new alert; a rule still fires once per alert, by whichever instance
/// claimed the firing in the store first, with one audit row.
/// </summary>
public sealed class AutomationScaleOutTests
{
    private static Dictionary<string, string?> Rules(string chat, string seenBy) => new()
    {
        ["SecOps:Automation:Rules:0:Name"] = "critical-to-chat",
        ["SecOps:Automation:Rules:0:Severities:0"] = "critical",
        ["SecOps:Automation:Rules:0:ChatWebhook"] = chat + "/shared",
        // This instance's own last rule: once it has fired on an alert, this instance has tried the shared rule on it.
        ["SecOps:Automation:Rules:1:Name"] = "seen-by-" + seenBy,
        ["SecOps:Automation:Rules:1:ChatWebhook"] = chat + "/seen-by-" + seenBy,
    };

    [RedisFact]
    [Trait("Store", TestStore.PostgresOnly)]
    public async Task TwoInstancesOnOneStore_BothSeeTheAlert_TheRuleFiresOnce_WithOneFiringRowAndOneAuditRow()
    {
        await using var chat = await WebhookReceiver.StartAsync();
        var dns = new FakeResolver();
        dns.Answer("chat.test", ["127.0.0.1"]);
        var url = $"http://chat.test:{chat.Endpoint.Port}/hooks";
        await using var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration, settingsA: Rules(url, "a"), settingsB: Rules(url, "b"),
            services: s => s.AddSingleton<IOutboundResolver>(dns).AddSingleton(new LoopbackReceiver("chat.test", chat.Endpoint)));

        await Documents.PostAsync(pair.A.Client(), Documents.Alert("one-alert", "Ransomware note written", "critical", "fs-1"));

        await chat.Requests.WaitUntilAsync(r => r.Any(x => x.Path == "/hooks/seen-by-a") && r.Any(x => x.Path == "/hooks/seen-by-b"),
            "the alert through both instances' rules");
        await using var db = TestStore.Open(pair.Store);
        var alert = await db.Alerts.SingleAsync(a => a.DocumentId == "one-alert");
        var firings = await db.AutomationFirings.AsNoTracking().Where(f => f.Rule == "critical-to-chat").ToListAsync();
        var firing = Assert.Single(firings);
        Assert.Equal(("alert:" + alert.Id, true), (firing.Subject, firing.Succeeded));
        Assert.Equal(1, chat.Requests.Count(r => r.Path == "/hooks/shared"));
        var audit = await AuditWaits.OnceItHoldsAsync(pair.A, r => r.Action == "automation.fire" && r.Details!.StartsWith("rule critical-to-chat:", StringComparison.Ordinal),
            "the firing");
        Assert.Single(audit, r => r.Action == "automation.fire" && r.Details!.StartsWith("rule critical-to-chat:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClaimsOfOneFiringFromTwoInstancesAtOnce_ExactlyOneSucceeds_AndALaterClaimFails()
    {
        var first = new SecOpsApp(keepStore: true);
        var second = new SecOpsApp(dataDirectory: first.DataDirectory, keepStore: true);
        try
        {
            var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Get<AutomationFirings>()
                .ClaimAsync("rule-x", "alert:42", CancellationToken.None)));
            var again = await first.Get<AutomationFirings>().ClaimAsync("rule-x", "alert:42", CancellationToken.None);
            var otherRule = await second.Get<AutomationFirings>().ClaimAsync("rule-y", "alert:42", CancellationToken.None);

            Assert.Equal(1, claims.Count(c => c));
            Assert.False(again);
            Assert.True(otherRule);
            await using var db = TestStore.Open(first.DataDirectory);
            Assert.Equal(["rule-x alert:42", "rule-y alert:42"], await db.AutomationFirings.OrderBy(f => f.Id).Select(f => f.Rule + " " + f.Subject).ToListAsync());
        }
        finally
        {
            second.Dispose();
            first.Dispose();
            TestStore.Delete(first.DataDirectory);
        }
    }
}
