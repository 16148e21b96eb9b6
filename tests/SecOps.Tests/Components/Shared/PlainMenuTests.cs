using Bunit;
using Microsoft.AspNetCore.Components;
using SecOps.Tests.Support;
using SecOps.Web.Components.Shared;

namespace SecOps.Tests.Components.Shared;

public sealed class PlainMenuTests : ComponentTest
{
    private int _acknowledged;
    private int _closed;

    private IRenderedComponent<PlainMenu> Menu(Action<ComponentParameterCollectionBuilder<PlainMenu>>? more = null) => Render<PlainMenu>(p =>
    {
        p.Add(m => m.Label, "All matching").Add(m => m.AriaLabel, "Act on all matching")
            .AddChildContent<PlainMenuItem>(i => i.Add(x => x.OnClick, () => _acknowledged++).AddChildContent("Acknowledge all"))
            .AddChildContent<PlainMenuItem>(i => i.Add(x => x.OnClick, () => _closed++).AddChildContent("Close all"));
        more?.Invoke(p);
    });

    [Fact]
    public void Closed_IsOnlyItsButton_AndDoesNotRenderTheItems()
    {
        var renders = 0;
        var menu = Render<PlainMenu>(p => p.Add(m => m.Label, "Views")
            .Add(m => m.ChildContent, (RenderFragment)(b => { renders++; b.AddContent(0, "an item"); })));

        var button = menu.Find("button");
        Assert.Equal("menu", button.GetAttribute("aria-haspopup"));
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        Assert.Null(button.GetAttribute("aria-controls"));
        Assert.Empty(menu.FindAll("[role=menu]"));
        Assert.Empty(menu.FindAll(".plain-menu-backdrop"));
        Assert.DoesNotContain("an item", menu.Markup);
        Assert.Equal(0, renders);
    }

    [Fact]
    public void ButtonClick_OpensTheListOfItems_UnderABackdrop()
    {
        var menu = Menu();

        menu.Find("button[aria-haspopup=menu]").Click();

        var button = menu.Find("button[aria-haspopup=menu]");
        var list = menu.Find("[role=menu]");
        Assert.Equal("true", button.GetAttribute("aria-expanded"));
        Assert.Equal(list.Id, button.GetAttribute("aria-controls"));
        Assert.Equal("Act on all matching", list.GetAttribute("aria-label"));
        Assert.Equal(["Acknowledge all", "Close all"], menu.FindAll("[role=menuitem]").Select(i => i.TextContent.Trim()));
        Assert.All(menu.FindAll("[role=menuitem]"), i => Assert.Equal("-1", i.GetAttribute("tabindex")));
        Assert.Single(menu.FindAll(".plain-menu-backdrop"));
    }

    [Fact]
    public void BackdropClick_ClosesIt_WhichIsHowEscapeAndAClickOutsideClose()
    {
        var menu = Menu();
        menu.Find("button").Click();

        menu.Find(".plain-menu-backdrop").Click();

        Assert.Empty(menu.FindAll("[role=menu]"));
        Assert.Equal("false", menu.Find("button").GetAttribute("aria-expanded"));
        Assert.Equal(0, _acknowledged + _closed);
    }

    [Fact]
    public void ItemClick_InvokesThatItem_AndClosesTheMenu()
    {
        var menu = Menu();
        menu.Find("button").Click();

        menu.FindAll("[role=menuitem]")[1].Click();

        Assert.Equal((0, 1), (_acknowledged, _closed));
        Assert.Empty(menu.FindAll("[role=menu]"));
    }

    [Fact]
    public void CheckboxItems_ReportTheirState_AndStayOpenWhenToggled()
    {
        var toggled = 0;
        var menu = Render<PlainMenu>(p => p.Add(m => m.Label, "Columns")
            .AddChildContent<PlainMenuItem>(i => i.Add(x => x.Checked, true).Add(x => x.OnClick, () => toggled++).AddChildContent("Risk"))
            .AddChildContent<PlainMenuItem>(i => i.Add(x => x.Checked, false).AddChildContent("Tactic")));
        menu.Find("button").Click();

        var items = menu.FindAll("[role=menuitemcheckbox]");
        Assert.Equal(["true", "false"], items.Select(i => i.GetAttribute("aria-checked")));
        items[0].Click();

        Assert.Equal(1, toggled);
        Assert.Single(menu.FindAll("[role=menu]"));
    }

    [Fact]
    public void DisabledMenu_DoesNotOpen()
    {
        var menu = Menu(p => p.Add(m => m.Disabled, true));

        Assert.True(menu.Find("button").HasAttribute("disabled"));
        menu.Find("button").Click();

        Assert.Empty(menu.FindAll("[role=menu]"));
    }
}
