using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Triage;

/// <summary>The people alerts can be assigned to: accounts whose roles may triage. Managers are never offered.</summary>
public sealed class TriagePeople(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<Assignee>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var people = new Dictionary<string, Assignee>();
        foreach (var role in Roles.All.Where(r => PermissionTable.ForRole(r).Contains(Permission.AlertsTriage)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var user in await users.GetUsersInRoleAsync(role))
            {
                people[user.Id] = new Assignee(user.Id, DisplayText.CleanUserText(user.UserName ?? user.Email ?? user.Id, DisplayText.ShortField)!);
            }
        }
        return people.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The assignee with that id, only if alerts may be assigned to them.</summary>
    public async Task<Assignee?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(p => p.Id == id);
}
