using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Live;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Suppression;

namespace SecOps.Tests.Features.Suppression;

/// <summary>The suppressions list over a real in-memory store: who created each rule and when.</summary>
public sealed class SuppressionsPageTests : ComponentTest
{
    private readonly SqliteStore _store;

    public SuppressionsPageTests()
    {
        _store = new SqliteStore(Services);
        Services.AddSingleton<FeedReader>();
        Services.AddSingleton<StoreWriter>();
        Services.AddSingleton<Suppressions>();
        Services.AddSingleton<UserPreferences>();
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer@example.test");
        auth.SetRoles(Roles.Analyst);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "viewer-1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private async Task AddPersonAsync(string id, string displayName)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        db.Users.Add(new SecOpsUser { Id = id, UserName = id + "@example.test", DisplayName = displayName });
        await db.SaveChangesAsync();
    }

    private Task CreateAsync(string creatorId, string host) =>
        Services.GetRequiredService<Suppressions>().CreateAsync(new Actor(creatorId, creatorId, PermissionTable.ForRole(Roles.Analyst).ToHashSet()),
            new Suppressions.Draft("scanner", null, host, null, null, TimeSpan.FromDays(7), false, null), CancellationToken.None);

    [Fact]
    public async Task List_ShowsWhoCreatedEachRuleAndWhen_InTheReadersZone()
    {
        await AddPersonAsync("ana-1", "Ana Analyst");
        await AddPersonAsync("eve-1", "Eve \u202Egnp.exe");
        await CreateAsync("ana-1", "h-ana");
        Time.Advance(TimeSpan.FromMinutes(90));
        await CreateAsync("eve-1", "h-eve");
        await CreateAsync(Actor.ApiKeyIdPrefix + "7", "h-key");
        await CreateAsync("gone-1", "h-gone");
        await Services.GetRequiredService<UserPreferences>().SaveTimeZoneAsync(
            new Actor("viewer-1", "viewer", new HashSet<Permission>()), "Europe/Berlin", CancellationToken.None);

        var page = Render<SuppressionsPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tbody tr").Count));
        var headers = page.FindAll("thead th").Select(h => h.TextContent).ToList();
        Assert.Equal(["Created by", "Created"], headers.Skip(4).Take(2));
        // Newest first: the deleted account's, the API key's, Eve's (bidi override cleaned), Ana's.
        Assert.Equal(["a deleted account", "API key", "Eve \uFFFDgnp.exe", "Ana Analyst"], page.FindAll("td.suppression-creator").Select(c => c.TextContent));
        Assert.Equal(["2026-11-25 14:30 Europe/Berlin", "2026-11-25 14:30 Europe/Berlin", "2026-11-25 14:30 Europe/Berlin", "2026-11-25 13:00 Europe/Berlin"],
            page.FindAll("td.suppression-created").Select(c => c.TextContent));
        Assert.Equal("2026-11-25 13:00:00 +01:00 (Europe/Berlin)", page.FindAll("td.suppression-created")[^1].GetAttribute("title"));
    }
}
