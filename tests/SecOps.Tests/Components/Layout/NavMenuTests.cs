using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Components.Layout;
using SecOps.Web.Features.Accounts;

namespace SecOps.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTest
{
    private readonly BunitAuthorizationContext _auth;

    public NavMenuTests()
    {
        _auth = AddAuthorization();
        _auth.SetAuthorized("analyst@example.test");
        _auth.SetRoles(Roles.Analyst);
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Theory]
    [InlineData(Roles.Analyst, new[] { "Overview", "Triage", "Incidents", "Playbooks" })]
    [InlineData(Roles.Responder, new[] { "Overview", "Triage", "Incidents", "Playbooks" })]
    [InlineData(Roles.Manager, new[] { "Overview", "Triage", "Incidents", "Playbooks", "Compliance", "Reports" })]
    [InlineData(Roles.Admin, new[] { "Overview", "Triage", "Incidents", "Playbooks", "Compliance", "Reports", "Users", "Roles", "Teams", "Approvals", "Access reviews", "API keys", "Erasure", "Retention", "Automation", "Outbound", "Audit trail" })]
    public void Links_AreOnlyPagesThatExist_ForTheRole(string role, string[] expected)
    {
        _auth.SetRoles(role);

        var menu = Render<NavMenu>();

        Assert.Equal(expected, menu.FindAll("a").Select(a => a.TextContent.Trim()));
    }

    [Fact]
    public void SignedOut_OffersNoLinks()
    {
        _auth.SetNotAuthorized();

        var menu = Render<NavMenu>();

        Assert.Empty(menu.FindAll("a"));
    }

    [Theory]
    [InlineData("/", "Overview")]
    [InlineData("/?from=mail#top", "Overview")]
    [InlineData("/triage", "Triage")]
    [InlineData("/triage/", "Triage")]
    [InlineData("/triage/suppressions", "Triage")]
    [InlineData("/TRIAGE?q=status:open", "Triage")]
    [InlineData("/incidents", "Incidents")]
    [InlineData("/incidents/12", "Incidents")]
    [InlineData("/playbooks", "Playbooks")]
    [InlineData("/playbooks/phishing?version=1", "Playbooks")]
    [InlineData("/compliance?days=30", "Compliance")]
    [InlineData("/compliance/iso-27001", "Compliance")]
    public void CurrentPage_MarksItsLinkAsTheCurrentPage(string address, string expected)
    {
        Navigation.NavigateTo(address);

        _auth.SetRoles(Roles.Manager);
        var menu = Render<NavMenu>();

        var active = Assert.Single(menu.FindAll("a.active"));
        Assert.Equal(expected, active.TextContent.Trim());
        Assert.Equal("page", active.GetAttribute("aria-current"));
        Assert.Single(menu.FindAll("[aria-current]"));
    }

    [Theory]
    [InlineData("/not-found")]
    [InlineData("/triageboard")]
    public void OtherPages_MarkNoLink(string address)
    {
        Navigation.NavigateTo(address);

        var menu = Render<NavMenu>();

        Assert.Empty(menu.FindAll("a.active"));
        Assert.Empty(menu.FindAll("[aria-current]"));
    }

    [Fact]
    public void Navigation_MovesTheMark()
    {
        Navigation.NavigateTo("/");
        var menu = Render<NavMenu>();

        Navigation.NavigateTo("/triage?q=severity:high");

        menu.WaitForAssertion(() => Assert.Equal("Triage", menu.Find("a.active").TextContent.Trim()));
        Assert.Single(menu.FindAll("a.active"));
    }
}
