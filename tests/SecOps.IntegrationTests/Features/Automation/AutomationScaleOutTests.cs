using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Features.ScaleOut;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Automation;

/// <summary>
/// Several instances on one store all see every new alert; a rule still fires once per alert, by whichever instance
/// claimed the firing in the store first, with one audit row; and its rate limit holds across all of them.
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
            var ruleX = new AutomationRule { Name = "rule-x", ChatWebhook = "https://chat.test/x" };
            var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Get<AutomationFirings>()
                .ClaimAsync(ruleX, "alert:42", CancellationToken.None)));
            var again = await first.Get<AutomationFirings>().ClaimAsync(ruleX, "alert:42", CancellationToken.None);
            var otherRule = await second.Get<AutomationFirings>().ClaimAsync(new AutomationRule { Name = "rule-y", ChatWebhook = "https://chat.test/y" },
                "alert:42", CancellationToken.None);

            Assert.Equal((1, 19), (claims.Count(c => c == FiringClaim.Claimed), claims.Count(c => c == FiringClaim.ClaimedBefore)));
            Assert.Equal(FiringClaim.ClaimedBefore, again);
            Assert.Equal(FiringClaim.Claimed, otherRule);
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

    [Fact]
    public async Task ClaimsOfOneRuleFromTwoInstancesAtOnce_TakeOnlyItsLimit_TheRestAreMarkedOverTheLimit_OneOfThemStartingTheRun()
    {
        var first = new SecOpsApp(keepStore: true);
        var second = new SecOpsApp(dataDirectory: first.DataDirectory, keepStore: true);
        try
        {
            var rule = new AutomationRule { Name = "limited", ChatWebhook = "https://chat.test/x", MaxFirings = 3, Per = TimeSpan.FromHours(1) };

            var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).Get<AutomationFirings>()
                .ClaimAsync(rule, "alert:" + i, CancellationToken.None)));

            Assert.Equal((3, 1, 16), (claims.Count(c => c == FiringClaim.Claimed), claims.Count(c => c == FiringClaim.OverLimitFirst), claims.Count(c => c == FiringClaim.OverLimit)));
            await using var db = TestStore.Open(first.DataDirectory);
            var rows = await db.AutomationFirings.AsNoTracking().Where(f => f.Rule == "limited").ToListAsync();
            Assert.Equal(20, rows.Count);
            Assert.Equal(Enumerable.Range(0, 20).Where(i => claims[i] == FiringClaim.Claimed).Select(i => "alert:" + i).Order(),
                rows.Where(r => !r.OverLimit).Select(r => r.Subject).Order());
        }
        finally
        {
            second.Dispose();
            first.Dispose();
            TestStore.Delete(first.DataDirectory);
        }
    }

    [Fact]
    public async Task TheLimit_CountsFiringsWithinTheSlidingWindow_NotSkippedOnes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var app = new SecOpsApp(time: time);
        var firings = app.Get<AutomationFirings>();
        var rule = new AutomationRule { Name = "r", ChatWebhook = "https://chat.test/x", MaxFirings = 2, Per = TimeSpan.FromMinutes(10) };
        var other = new AutomationRule { Name = "other", ChatWebhook = "https://chat.test/x", MaxFirings = 1 };
        var n = 0;
        Task<FiringClaim> Claim(AutomationRule r) => firings.ClaimAsync(r, "alert:" + ++n, CancellationToken.None);

        var first = await Claim(rule);
        time.Advance(TimeSpan.FromMinutes(4));
        var second = await Claim(rule);
        var third = await Claim(rule);
        // The first firing leaves the window; the skipped third never counted.
        time.Advance(TimeSpan.FromMinutes(6));
        var fourth = await Claim(rule);
        var fifth = await Claim(rule);
        var sixth = await Claim(rule);
        var otherRule = await Claim(other);

        // A refusal right after a firing starts a run of refusals (audited once); the next one continues it.
        Assert.Equal([FiringClaim.Claimed, FiringClaim.Claimed, FiringClaim.OverLimitFirst, FiringClaim.Claimed, FiringClaim.OverLimitFirst, FiringClaim.OverLimit, FiringClaim.Claimed],
            [first, second, third, fourth, fifth, sixth, otherRule]);
    }

    [Fact]
    [Trait("Store", TestStore.PostgresOnly)]
    public async Task TwoInstancesOnOneStore_ARuleWithALimitOfThree_FiresThreeTimesInAll_OverTenAlertsPostedToBoth_TheRefusalsAuditedOnce()
    {
        await using var chat = await WebhookReceiver.StartAsync();
        var dns = new FakeResolver();
        dns.Answer("chat.test", ["127.0.0.1"]);
        var settings = new Dictionary<string, string?>
        {
            ["SecOps:Automation:Rules:0:Name"] = "three-per-hour",
            ["SecOps:Automation:Rules:0:Severities:0"] = "critical",
            ["SecOps:Automation:Rules:0:ChatWebhook"] = $"http://chat.test:{chat.Endpoint.Port}/hooks/limited",
            ["SecOps:Automation:Rules:0:MaxFirings"] = "3",
            ["SecOps:Automation:Rules:0:Per"] = "01:00:00",
        };
        // No Redis: each instance sees only the alerts posted to it, so without a shared count each would fire three times.
        await using var pair = await ScaleOutPair.StartAsync(null, settingsA: settings, settingsB: settings,
            services: s => s.AddSingleton<IOutboundResolver>(dns).AddSingleton(new LoopbackReceiver("chat.test", chat.Endpoint)));

        await Task.WhenAll(
            Documents.PostAsync(pair.A.Client(), [.. Enumerable.Range(0, 5).Select(i => Documents.Alert("to-a-" + i, "Ransomware note written", "critical", "fs-a"))]),
            Documents.PostAsync(pair.B.Client(), [.. Enumerable.Range(0, 5).Select(i => Documents.Alert("to-b-" + i, "Ransomware note written", "critical", "fs-b"))]));

        List<RuleFiring> firings = [];
        await Eventually.HoldsAsync(async () =>
        {
            await using var db = TestStore.Open(pair.Store);
            firings = await db.AutomationFirings.AsNoTracking().Where(f => f.Rule == "three-per-hour").ToListAsync();
            return firings.Count == 10 && firings.All(f => f.Succeeded is not null);
        }, () => $"every alert's firing settled; the store holds {firings.Count}, {firings.Count(f => f.Succeeded is null)} under way");
        Assert.Equal((3, 7), (firings.Count(f => f is { OverLimit: false, Succeeded: true }), firings.Count(f => f is { OverLimit: true, Succeeded: false })));
        await chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/limited") >= 3, "the three firings' messages");
        Assert.Equal(3, chat.Requests.Count(r => r.Path == "/hooks/limited"));
        // Each instance met at least two of the seven refusals (five alerts each, three firings in all): one audit row in all.
        var audit = await AuditWaits.OnceItHoldsAsync(pair.A, r => r.Action == "automation.rate-limited", "the run of refusals audited");
        Assert.Single(audit, r => r.Action == "automation.rate-limited");
    }
}
