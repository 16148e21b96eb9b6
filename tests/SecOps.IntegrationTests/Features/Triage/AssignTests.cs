using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

public sealed class AssignTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<string> UserAsync(string email, string role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "Long-Enough-Password-1")).Succeeded);
        await users.AddToRoleAsync(user, role);
        return user.Id;
    }

    [Fact]
    public async Task Assign_SetsTheAssigneeWithHistory_AndOnlyToPeopleWhoMayTriage()
    {
        var responder = await UserAsync("rita@example.test", Roles.Responder);
        var manager = await UserAsync("max@example.test", Roles.Manager);
        await Documents.PostAsync(_app.Client(), Documents.Alert("assign-1"));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alertId = await db.Alerts.Where(a => a.DocumentId == "assign-1").Select(a => a.Id).SingleAsync();
        var analyst = new Actor("ana", "Ana", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var triage = _app.Get<AlertTriage>();

        var people = await _app.Get<TriagePeople>().ListAsync(CancellationToken.None);
        var toManager = await triage.ApplyAsync(analyst, alertId, TriageAction.Assign, null, null, CancellationToken.None, new Assignee(manager, "max@example.test"));
        var forged = await triage.ApplyAsync(analyst, alertId, TriageAction.Assign, null, null, CancellationToken.None, new Assignee(responder, "Someone Else"));

        Assert.Contains(people, p => p.Id == responder);
        Assert.DoesNotContain(people, p => p.Id == manager);
        Assert.False(toManager.Succeeded);
        Assert.True(forged.Succeeded);
        Assert.Equal("rita@example.test", forged.Alert!.Assignee);
        var history = await triage.HistoryAsync(analyst, alertId, CancellationToken.None);
        Assert.Equal("rita@example.test", Assert.Single(history).ToAssignee);
    }
}
