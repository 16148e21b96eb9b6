using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Outbound;

namespace SecOps.Tests.Features.Automation;

/// <summary>
/// The automation page's recent firings over a real in-memory store: a firing another instance records appears on the
/// open list once the refresh interval has passed on the page's clock, and not before.
/// </summary>
public sealed class AutomationFiringListTests : ComponentTest
{
    private static readonly Actor Admin = new("admin-ada", "ada@example.test", PermissionTable.ForRole(Roles.Admin).ToHashSet());
    private readonly SqliteStore _store;

    public AutomationFiringListTests()
    {
        _store = new SqliteStore(Services);
        Services.AddOptions<AutomationOptions>();
        Services.AddOptions<OutboundOptions>();
        Services.AddSingleton<IOutboundHostStore, NoStoredOutboundHosts>();
        Services.AddSingleton<OutboundAllowlist>();
        Services.AddSingleton<AutomationFirings>();
        Services.AddSingleton<AutomationRuleCheck>();
        Services.AddSingleton<AutomationRules>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    [Fact]
    public void AFiringRecordedElsewhere_AppearsOnTheOpenList_AfterTheRefreshInterval()
    {
        Record("alert:1", "chat to chat.test: 200 OK");
        var list = Render<AutomationFiringList>(p => p.Add(l => l.Actor, Admin));
        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-automation-firing]")));

        // Written straight to the store, as another instance sharing it would.
        Record("alert:2", "assigned to ada@example.test");
        Time.Advance(AutomationRules.RefreshEvery - TimeSpan.FromSeconds(1));
        Assert.Single(list.FindAll("[data-automation-firing]"));
        Time.Advance(TimeSpan.FromSeconds(1));

        list.WaitForAssertion(() => Assert.Equal(["alert:2", "alert:1"], list.FindAll("[data-automation-firing] td:nth-child(3)").Select(td => td.TextContent)));
        Assert.Equal("assigned to ada@example.test", list.Find("[data-automation-firing] .admin-secondary").TextContent);
    }

    private void Record(string subject, string outcome)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        db.AutomationFirings.Add(new RuleFiring { Rule = "critical-to-chat", Subject = subject, ClaimedAt = Time.GetUtcNow(), Outcome = outcome, Succeeded = true });
        db.SaveChanges();
    }
}
