using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Teams;

namespace SecOps.Tests.Features.Teams;

/// <summary>The teams page over a real in-memory store: the empty state, creating with the form, and a refused role.</summary>
public sealed class TeamsPageTests : ComponentTest
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(30);
    private readonly SqliteStore _store;
    private readonly BunitAuthorizationContext _auth;

    public TeamsPageTests()
    {
        _store = new SqliteStore(Services);
        Services.AddIdentityCore<SecOpsUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<SecOpsDbContext>();
        Services.AddSingleton<SecOps.Web.Features.Teams.Teams>();
        _auth = AddAuthorization();
        SignIn("admin-ada", Roles.Admin);
        using var db = Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        db.Users.Add(new SecOpsUser { Id = "resp-cid", UserName = "cid@example.test", Email = "cid@example.test", DisplayName = "Cid Responder" });
        db.SaveChanges();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private void SignIn(string id, string role)
    {
        _auth.SetAuthorized(id);
        _auth.SetRoles(role);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id));
    }

    [Fact]
    public void NoTeams_ShowsTheEmptyState_AndSubmittingANameListsTheNewTeamWithNoMembers()
    {
        var page = Render<TeamsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-teams-empty]")), Loaded);
        Assert.StartsWith("No teams yet", page.Find("[data-teams-empty]").TextContent, StringComparison.Ordinal);

        page.Find("[data-team-new-name]").Change("  CSIRT ");
        page.Find("form[aria-label='Create a team']").Submit();

        page.WaitForAssertion(() => Assert.Equal("CSIRT", page.Find("tbody tr").GetAttribute("data-team-name")), Loaded);
        Assert.Empty(page.FindAll("[data-teams-empty]"));
        Assert.Equal("No members", page.Find("[data-team-no-members]").TextContent);
        Assert.Equal("0", page.Find("[data-team-incidents]").TextContent);
        Assert.Equal(["Cid Responder (cid@example.test)"], page.FindAll("datalist option").Select(o => o.GetAttribute("value")));
        Assert.Equal("", page.Find("[data-team-new-name]").GetAttribute("value"));
    }

    [Fact]
    public void SubmittingNoName_SaysSo_AndCreatesNothing()
    {
        var page = Render<TeamsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-teams-empty]")), Loaded);

        page.Find("form[aria-label='Create a team']").Submit();

        page.WaitForAssertion(() => Assert.Equal("Give the team a name.", page.Find("[data-admin-result]").TextContent.Trim()), Loaded);
        Assert.NotNull(page.Find("[data-teams-empty]"));
    }

    [Fact]
    public void AResponder_IsToldOnlyAdministratorsManageTeams()
    {
        SignIn("resp-cid", Roles.Responder);

        var page = Render<TeamsPage>();

        page.WaitForAssertion(() => Assert.Contains("Only administrators manage teams.", page.Markup, StringComparison.Ordinal), Loaded);
        Assert.Empty(page.FindAll("form"));
    }
}
