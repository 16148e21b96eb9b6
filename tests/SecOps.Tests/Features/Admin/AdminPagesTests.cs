using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Retention;
using SecOps.Web.Features.Teams;

namespace SecOps.Tests.Features.Admin;

/// <summary>
/// The administration pages over a real in-memory store: what each shows of people and keys, and what their buttons
/// change in the store (a critical action waits for a second administrator; a different one approves it).
/// </summary>
public sealed class AdminPagesTests : ComponentTest
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(30);
    private readonly SqliteStore _store;
    private readonly BunitAuthorizationContext _auth;
    private readonly IDbContextFactory<SecOpsDbContext> _contexts;

    public AdminPagesTests()
    {
        _store = new SqliteStore(Services);
        Services.Configure<SecretOptions>(o => o.ApiKeyHashKey = Convert.ToBase64String(new byte[32]));
        Services.AddSingleton<StoreWriter>();
        Services.AddSingleton<PersonErasure>();
        Services.AddSingleton<UserSessions>();
        Services.AddSingleton<OpenCircuits>();
        Services.AddSingleton<SessionCounts>();
        Services.AddSingleton<RetentionPolicies>();
        Services.AddSingleton<RetentionPurge>();
        Services.AddSingleton<SecOps.Web.Features.Incidents.IncidentRemoval>();
        Services.AddOptions<SecOps.Web.Features.Outbound.OutboundOptions>();
        Services.AddSingleton<SecOps.Web.Features.Outbound.OutboundHosts>();
        Services.AddSingleton<Approvals>();
        Services.AddSingleton<AdminUsers>();
        Services.AddSingleton<ApiKeyHasher>();
        Services.AddSingleton<SecOps.Web.Features.Live.HubKeyConnections>();
        Services.AddSingleton<ApiKeys>();
        _auth = AddAuthorization();
        SignIn("admin-ada", Roles.Admin);
        _contexts = Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>();
        using var db = _contexts.CreateDbContext();
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole(role) { Id = "role-" + role, NormalizedName = role.ToUpperInvariant() });
        }
        Person(db, "admin-ada", "Ada Admin", Roles.Admin, mfa: true);
        Person(db, "admin-bea", "Bea Admin", Roles.Admin, mfa: true);
        Person(db, "resp-cid", "Cid <b>Responder</b>", Roles.Responder, mfa: true);
        Person(db, "anal-dan", "Dan Analyst", Roles.Analyst, disabled: true);
        db.Teams.Add(new Team { Id = 1, Name = "CSIRT" });
        db.TeamMembers.Add(new TeamMember { TeamId = 1, UserId = "resp-cid" });
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

    private static void Person(SecOpsDbContext db, string id, string name, string role, bool mfa = false, bool disabled = false)
    {
        var email = id + "@example.test";
        db.Users.Add(new SecOpsUser
        {
            Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = name, SecurityStamp = "stamp-" + id, TwoFactorEnabled = mfa, LockoutEnabled = true, LockoutEnd = disabled ? DateTimeOffset.MaxValue : null,
        });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = "role-" + role });
    }

    private string[] RolesOf(string id)
    {
        using var db = _contexts.CreateDbContext();
        return [.. db.UserRoles.Where(r => r.UserId == id).Select(r => r.RoleId.Replace("role-", ""))];
    }

    private static string Row(string id) => $"tr[data-user-email='{id}@example.test']";

    [Fact]
    public void UsersPage_ListsEachPersonsRoleTeamsMfaAndStatus_AndOffersNoDisableOnTheirOwnRow()
    {
        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tbody tr").Count), Loaded);
        var cid = page.Find(Row("resp-cid"));
        Assert.Equal(Roles.Responder, cid.QuerySelector("select")!.GetAttribute("value"));
        Assert.Contains("CSIRT", cid.TextContent, StringComparison.Ordinal);
        // A display name that looks like markup is text.
        Assert.Contains("Cid <b>Responder</b>", cid.TextContent, StringComparison.Ordinal);
        Assert.Null(cid.QuerySelector("b"));
        Assert.Equal("on", cid.QuerySelector("[data-user-mfa]")!.TextContent);
        Assert.Equal("disabled", page.Find(Row("anal-dan") + " [data-user-status]").TextContent.Trim());
        Assert.NotNull(page.Find(Row("anal-dan")).QuerySelector("[data-user-enable]"));
        Assert.Null(page.Find(Row("admin-ada")).QuerySelector("[data-user-disable]"));
        Assert.NotNull(page.Find(Row("admin-bea")).QuerySelector("[data-user-disable]"));
        Assert.Null(page.Find(Row("admin-ada")).QuerySelector("[data-user-reset-mfa]"));
        Assert.NotNull(page.Find(Row("admin-bea")).QuerySelector("[data-user-reset-mfa]"));
    }

    [Fact]
    public void UsersPage_GrantingAdmin_WithTwoAdministrators_ShowsTheRequestWaiting_AndChangesNoRole()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tbody tr").Count), Loaded);

        page.Find(Row("resp-cid") + " select").Change(Roles.Admin);

        page.WaitForAssertion(() => Assert.Equal(nameof(AdminOutcome.Pending), page.Find("[data-admin-result]").GetAttribute("data-admin-result")), Loaded);
        Assert.Contains("waiting for a second administrator", page.Find("[data-admin-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains("waiting: Grant the administrator role", page.Find(Row("resp-cid")).TextContent, StringComparison.Ordinal);
        Assert.Equal([Roles.Responder], RolesOf("resp-cid"));
    }

    [Fact]
    public void UsersPage_EnablingADisabledPerson_ShowsThemActive_AndAnAnalystIsRefused()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("tbody tr").Count), Loaded);

        page.Find(Row("anal-dan") + " [data-user-enable]").Click();

        page.WaitForAssertion(() => Assert.Equal("active", page.Find(Row("anal-dan") + " [data-user-status]").TextContent.Trim()), Loaded);
        using (var db = _contexts.CreateDbContext())
        {
            Assert.Null(db.Users.Single(u => u.Id == "anal-dan").LockoutEnd);
        }
        SignIn("anal-dan", Roles.Analyst);
        var refused = Render<UsersPage>();
        refused.WaitForAssertion(() => Assert.Contains("Only administrators manage users.", refused.Markup, StringComparison.Ordinal), Loaded);
        Assert.Empty(refused.FindAll("tbody tr"));
    }

    [Fact]
    public void ApprovalsPage_AnotherAdministratorApproves_AndTheRoleChanges_TheRequesterOnlyMayReject()
    {
        using (var db = _contexts.CreateDbContext())
        {
            db.Approvals.Add(new Approval { Kind = ApprovalKind.GrantAdmin, TargetUserId = "resp-cid", RequestedBy = "admin-bea", RequestedAt = Time.GetUtcNow(), State = ApprovalState.Pending });
            db.Approvals.Add(new Approval { Kind = ApprovalKind.ResetMfa, TargetUserId = "resp-cid", RequestedBy = "admin-ada", RequestedAt = Time.GetUtcNow(), State = ApprovalState.Pending });
            db.SaveChanges();
        }
        var page = Render<ApprovalsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count), Loaded);
        var mine = page.FindAll("tbody tr")[1];
        Assert.Contains("Reset (turn off) MFA", mine.TextContent, StringComparison.Ordinal);
        Assert.Null(mine.QuerySelector("[data-approval-approve]"));
        Assert.NotNull(mine.QuerySelector("[data-approval-mine]"));
        Assert.Contains("Bea Admin", page.FindAll("tbody tr")[0].TextContent, StringComparison.Ordinal);

        page.FindAll("tbody tr")[0].QuerySelector("[data-approval-approve]")!.Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")), Loaded);
        Assert.Equal(nameof(AdminOutcome.Applied), page.Find("[data-admin-result]").GetAttribute("data-admin-result"));
        Assert.Equal([Roles.Admin], RolesOf("resp-cid"));
    }

    [Fact]
    public void ApiKeysPage_ShowsAgeExpiryAndStatus_AndRevokes()
    {
        var now = Time.GetUtcNow();
        using (var db = _contexts.CreateDbContext())
        {
            db.ApiKeys.Add(new ApiKey { Name = "siem", KeyHash = "h1", Scopes = "ingest read", CreatedAt = now.AddDays(-10), ExpiresAt = now.AddDays(80) });
            db.ApiKeys.Add(new ApiKey { Name = "old", KeyHash = "h2", Scopes = "metrics", CreatedAt = now.AddDays(-85), ExpiresAt = now.AddDays(5) });
            db.ApiKeys.Add(new ApiKey { Name = "gone", KeyHash = "h3", Scopes = "read", CreatedAt = now.AddDays(-3), ExpiresAt = now.AddDays(87), RevokedAt = now.AddDays(-1) });
            db.SaveChanges();
        }
        var page = Render<ApiKeysPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count), Loaded);

        Assert.Equal(["revoked", "expires soon", "active"], page.FindAll("[data-key-status]").Select(e => e.TextContent));
        Assert.Equal(["3", "85", "10"], page.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td")[2].TextContent));
        Assert.Null(page.FindAll("tbody tr")[0].QuerySelector("[data-key-revoke]"));

        page.FindAll("tbody tr")[2].QuerySelector("[data-key-revoke]")!.Click();

        page.WaitForAssertion(() => Assert.Equal(["revoked", "expires soon", "revoked"], page.FindAll("[data-key-status]").Select(e => e.TextContent)), Loaded);
        using var check = _contexts.CreateDbContext();
        Assert.NotNull(check.ApiKeys.Single(k => k.Name == "siem").RevokedAt);
    }

    [Fact]
    public void ErasurePage_FindsAPerson_AndTheirErasureWaitsForASecondAdministrator()
    {
        var page = Render<ErasurePage>();

        page.Find("[data-erasure-query]").Change("cid");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")), Loaded);
        Assert.Contains("resp-cid@example.test", page.Find("tbody tr").TextContent, StringComparison.Ordinal);

        page.Find("[data-erasure-erase]").Click();

        page.WaitForAssertion(() => Assert.Equal(nameof(AdminOutcome.Pending), page.Find("[data-admin-result]").GetAttribute("data-admin-result")), Loaded);
        Assert.Contains("erasure waiting for approval", page.Find("tbody tr").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-erasure-erase]"));
        using var db = _contexts.CreateDbContext();
        Assert.True(db.Users.Any(u => u.Id == "resp-cid"));
        Assert.Equal(ApprovalKind.ErasePerson, db.Approvals.Single().Kind);
    }

    [Fact]
    public void RetentionPage_ShowsEachPeriodAndTheDryRun_APeriodChangeWaitsForApproval_AndRunNowPurgesAndListsTheRun()
    {
        var closedAt = DateTimeOffset.UtcNow.AddDays(-400);
        _store.Add(new Alert { DocumentId = "old", Fingerprint = "old", Status = AlertStatus.Closed, ClosedAt = closedAt, AlertTime = closedAt, UpdatedAt = closedAt });
        var page = Render<RetentionPage>();
        const string closedAlerts = "[data-retention-kind=ClosedAlerts] ";

        page.WaitForAssertion(() => Assert.Equal(["365 days", "180 days", "1095 days", "90 days"], page.FindAll("[data-retention-days]").Select(e => e.TextContent)), Loaded);
        Assert.Equal(["1 alert", "0 events", "0 incidents", "0 firings"], page.FindAll("[data-retention-preview]").Select(e => e.TextContent));
        Assert.Contains("never purged", page.Find("[data-retention-audit-note]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-retention-no-runs]"));

        page.Find(closedAlerts + "[data-retention-input]").Change("30");
        page.Find(closedAlerts + "form").Submit();

        page.WaitForAssertion(() => Assert.Equal(nameof(AdminOutcome.Pending), page.Find("[data-admin-result]").GetAttribute("data-admin-result")), Loaded);
        Assert.Equal("30 days waits for approval (request 1)", page.Find(closedAlerts + "[data-retention-waiting]").TextContent);
        Assert.Equal("365 days", page.Find(closedAlerts + "[data-retention-days]").TextContent);

        page.Find("[data-retention-run]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-retention-run-row]")), Loaded);
        Assert.Equal("Purge done: 1 closed alert, 0 audit events, 0 closed incidents and 0 automation firings deleted.", page.Find("[data-admin-result]").TextContent.Trim());
        Assert.Equal("0 alerts", page.Find(closedAlerts + "[data-retention-preview]").TextContent);
        using var db = _contexts.CreateDbContext();
        Assert.Empty(db.Alerts);
        Assert.Equal(ApprovalKind.ChangeRetention, db.Approvals.Single().Kind);
    }
}
