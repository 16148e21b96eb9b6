using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// The people need-to-know tests compare: Rita (a responder named on the restricted incident), Otto (a responder who is
/// not), Ada (an administrator, named nowhere). Real accounts, so member names resolve and API keys act for them.
/// </summary>
internal sealed record NeedToKnowPeople(Actor Rita, Actor Otto, Actor Ada)
{
    public static async Task<NeedToKnowPeople> CreateAsync(SecOpsApp app) => new(
        await PersonAsync(app, "rita@example.test", Roles.Responder),
        await PersonAsync(app, "otto@example.test", Roles.Responder),
        await PersonAsync(app, "ada@example.test", Roles.Admin));

    private static async Task<Actor> PersonAsync(SecOpsApp app, string email, string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "Long-Enough-Password-1")).Succeeded);
        await users.AddToRoleAsync(user, role);
        return new Actor(user.Id, email, PermissionTable.ForRole(role).ToHashSet());
    }

    /// <summary>An API key with scope read that acts for <paramref name="person"/> (its creator).</summary>
    public static Task<string> ReadKeyForAsync(SecOpsApp app, Actor person) => KeyForAsync(app, person, PermissionTable.ScopeRead);

    /// <summary>An API key with <paramref name="scope"/> that acts for <paramref name="person"/> (its creator).</summary>
    public static async Task<string> KeyForAsync(SecOpsApp app, Actor person, string scope) =>
        (await app.Get<ApiKeys>().CreateAsync(person with { Permissions = PermissionTable.ForRole(Roles.Admin).ToHashSet() },
            scope + " for " + person.Name, [scope], TimeSpan.FromDays(1), CancellationToken.None)).Key;
}
