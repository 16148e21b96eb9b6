using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>People for the administration tests, made through Identity as the app makes them, and what the store says of them.</summary>
internal static class AdminPeople
{
    public const string Password = "Admin-Tests-Password-7";

    public static async Task<(Actor Actor, SecOpsUser User)> CreateAsync(SecOpsApp app, string name, string role, bool mfa = false)
    {
        var email = $"{name.ToLowerInvariant()}.{Guid.NewGuid():N}@example.test";
        var user = await AccountClient.CreateUserAsync(app, email, Password, role, mfa ? OtpNet.Base32Encoding.ToString(OtpNet.KeyGeneration.GenerateRandomKey(20)) : null);
        return (new Actor(user.Id, name, PermissionTable.ForRole(role).ToHashSet()), user);
    }

    public static async Task<IList<string>> RolesAsync(SecOpsApp app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        return await users.GetRolesAsync((await users.FindByIdAsync(userId))!);
    }

    public static async Task<SecOpsUser?> FindAsync(SecOpsApp app, string userId)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId);
    }

    /// <summary>The trail's records, in chain order, as "actor action target outcome".</summary>
    public static async Task<List<string>> TrailAsync(SecOpsApp app, Func<AuditRecord, bool>? where = null)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var records = await db.AuditRecords.AsNoTracking().OrderBy(r => r.Sequence).ToListAsync();
        return [.. records.Where(where ?? (_ => true)).Select(r => $"{r.ActorId} {r.Action} {r.Target} {r.Outcome}")];
    }
}
