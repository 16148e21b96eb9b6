using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Automation;

/// <summary>
/// Rules administrators keep in the store (<c>/admin/automation</c>'s service): saved, changed and deleted with an audit
/// row each, fired like configured ones, refused with the reason when unusable or when the caller is no administrator;
/// configured rules listed read-only beside them.
/// </summary>
public sealed class AutomationRulesTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("admin-rules", "admin", PermissionTable.ForRole(Roles.Admin).ToHashSet());
    private static readonly Actor Analyst = new("analyst-rules", "analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
    private readonly FakeResolver _dns = new();
    private WebhookReceiver _chat = null!;
    private SecOpsApp _app = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _chat = await WebhookReceiver.StartAsync();
        _dns.Answer("chat.test", ["127.0.0.1"]);
        _url = $"http://chat.test:{_chat.Endpoint.Port}/hooks";
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:Automation:Rules:0:Name"] = "configured-all",
            ["SecOps:Automation:Rules:0:ChatWebhook"] = _url + "/configured",
            ["SecOps:Automation:Rules:0:MaxFirings"] = "1000",
        }, services: s => s
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton(new LoopbackReceiver("chat.test", _chat.Endpoint)));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _chat.DisposeAsync();
    }

    private AutomationRules Rules => _app.Get<AutomationRules>();

    private AutomationRule CriticalToChat(string name = "stored-critical") => new()
    {
        Name = name, Severities = ["Critical"], RuleNames = [" ransom* ", ""], ChatWebhook = _url + "/stored", MaxFirings = 5, Per = TimeSpan.FromMinutes(30),
    };

    private async Task<long> PostAsync(string documentId, string rule, string severity)
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert(documentId, rule, severity));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return (await db.Alerts.SingleAsync(a => a.DocumentId == documentId)).Id;
    }

    private Task<IReadOnlyList<AuditRecord>> AuditAsync() => _app.Get<AuditTrail>().ListAsync(Actor.System, 200, CancellationToken.None);

    [Fact]
    public async Task RuleSavedByAnAdministrator_FiresOnAMatchingAlert_IsListedBesideTheConfiguredOne_AndItsSaveIsAudited()
    {
        var saved = await Rules.SaveAsync(Admin, null, CriticalToChat(), CancellationToken.None);
        var matching = await PostAsync("stored-1", "Ransomware note written", "critical");
        await PostAsync("stored-2", "Ransomware note written", "low");

        Assert.Equal(AdminOutcome.Applied, saved.Outcome);
        // The configured catch-all rule comes first, so once it has fired on the second alert the stored one has had its turn on both.
        await _chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/configured") == 2 && r.Any(x => x.Path == "/hooks/stored"), "both alerts through every rule");
        Assert.Equal(1, _chat.Requests.Count(r => r.Path == "/hooks/stored"));
        var list = await Rules.ListAsync(Admin, CancellationToken.None);
        Assert.Equal([("configured-all", true), ("stored-critical", false)], list.Select(e => (e.Rule.Name, e.FromConfiguration)));
        Assert.Null(list[0].Id);
        var stored = list[1].Rule;
        Assert.Equal(["critical"], stored.Severities);
        Assert.Equal(["ransom*"], stored.RuleNames);
        Assert.Equal((5, TimeSpan.FromMinutes(30)), (stored.MaxFirings, stored.Per));
        var audit = await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "automation.fire" && r.Target == "alert:" + matching && r.Details!.StartsWith("rule stored-critical:", StringComparison.Ordinal),
            "the stored rule's firing");
        var save = Assert.Single(audit, r => r.Action == AutomationRules.SaveAction);
        Assert.Equal(("admin-rules", "automation-rule:stored-critical", AuditOutcome.Success), (save.ActorId, save.Target, save.Outcome));
        Assert.Equal("created: on alerts; severity critical; rule ransom* => chat to chat.test; at most 5 per 30 minutes", save.Details);
        var firings = await Rules.RecentFiringsAsync(Admin, CancellationToken.None);
        Assert.Contains(firings, f => f.Rule == "stored-critical" && f.Subject == "alert:" + matching && f.Succeeded == true && f.Outcome.StartsWith("chat to chat.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangedRule_AppliesAtOnce_AndADeletedOneNoLonger_EachAudited()
    {
        await Rules.SaveAsync(Admin, null, CriticalToChat(), CancellationToken.None);
        var id = (await Rules.ListAsync(Admin, CancellationToken.None)).Single(e => e.Id is not null).Id!.Value;
        var changed = CriticalToChat();
        changed.Severities = ["low"];
        var update = await Rules.SaveAsync(Admin, id, changed, CancellationToken.None);
        var low = await PostAsync("changed-low", "Ransomware note written", "low");
        await _chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/stored") == 1, "the changed rule's firing");
        var deleted = await Rules.DeleteAsync(Admin, id, CancellationToken.None);
        await PostAsync("after-delete", "Ransomware note written", "low");
        await _chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/configured") == 2, "the alert after the delete through every rule");

        Assert.Equal((AdminOutcome.Applied, AdminOutcome.Applied), (update.Outcome, deleted.Outcome));
        Assert.Equal(1, _chat.Requests.Count(r => r.Path == "/hooks/stored"));
        Assert.Equal(["configured-all"], (await Rules.ListAsync(Admin, CancellationToken.None)).Select(e => e.Rule.Name));
        var audit = await AuditWaits.OnceItHoldsAsync(_app, r => r.Action == "automation.fire" && r.Target == "alert:" + low && r.Details!.StartsWith("rule stored-critical:", StringComparison.Ordinal),
            "the changed rule's firing");
        var changes = audit.Where(r => r.Action is AutomationRules.SaveAction or AutomationRules.DeleteAction).OrderBy(r => r.Id).Select(r => r.Details).ToList();
        Assert.Equal([
            "created: on alerts; severity critical; rule ransom* => chat to chat.test; at most 5 per 30 minutes",
            "changed: on alerts; severity critical; rule ransom* => chat to chat.test; at most 5 per 30 minutes -> on alerts; severity low; rule ransom* => chat to chat.test; at most 5 per 30 minutes",
            "deleted: on alerts; severity low; rule ransom* => chat to chat.test; at most 5 per 30 minutes",
        ], changes);
        // The webhook's path is its secret: never in the trail.
        Assert.DoesNotContain(audit, r => r.Details?.Contains("/hooks", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Saving_IsRefusedForAnAnalyst_AndForUnusableRules_WithTheReason_AndNothingIsStored()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => Rules.SaveAsync(Analyst, null, CriticalToChat(), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Rules.ListAsync(Analyst, CancellationToken.None));
        var problems = new Dictionary<string, AutomationRule>
        {
            ["A configured rule is called 'Configured-All'; choose another name."] = CriticalToChat("Configured-All"),
            ["'urgent' is not a severity (low, medium, high, critical)."] = new() { Name = "x", Severities = ["urgent"], AssignTo = "someone" },
            ["No playbook 'no-such-playbook' is in the library."] = new() { Name = "x", EscalateWithPlaybook = "no-such-playbook" },
            ["The chat webhook would not be sent: hooks.elsewhere.example:443 is not on the outbound allowlist (add it on /admin/outbound or to SecOps:Outbound:AllowedHosts)."] =
                new() { Name = "x", ChatWebhook = "https://hooks.elsewhere.example/T0/B0/secret" },
            ["Email needs a mail server: SecOps:Automation:Smtp (Host and From) is not configured."] = new() { Name = "x", EmailTo = ["soc@example.test"] },
            ["Rule names, entities and assigning apply to rules on alerts."] = new() { Name = "x", On = AutomationSubject.Incident, RuleNames = ["a"], AssignTo = "someone" },
            ["The rule is unusable: it has no action (AssignTo, EscalateWithPlaybook, EmailTo, ChatWebhook)."] = new() { Name = "x", Severities = ["high"] },
        };

        foreach (var (expected, rule) in problems)
        {
            var result = await Rules.SaveAsync(Admin, null, rule, CancellationToken.None);
            Assert.Equal((AdminOutcome.Failed, expected), (result.Outcome, result.Message));
        }

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.AutomationRules.AnyAsync());
        var audit = await AuditAsync();
        Assert.Contains(audit, r => r.Action == AutomationRules.SaveAction && r.ActorId == "analyst-rules" && r.Outcome == AuditOutcome.Refused);
        Assert.DoesNotContain(audit, r => r.Action == AutomationRules.SaveAction && r.Outcome == AuditOutcome.Success);
    }
}
