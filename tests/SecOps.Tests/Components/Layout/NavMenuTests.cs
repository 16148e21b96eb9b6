using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Components.Layout;

namespace SecOps.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTest
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Theory]
    [InlineData("/", "Overview")]
    [InlineData("/?from=mail#top", "Overview")]
    [InlineData("/triage", "Triage")]
    [InlineData("/triage/", "Triage")]
    [InlineData("/triage/suppressions", "Triage")]
    [InlineData("/TRIAGE?q=status:open", "Triage")]
    public void CurrentPage_MarksItsLinkAsTheCurrentPage(string address, string expected)
    {
        Navigation.NavigateTo(address);

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
