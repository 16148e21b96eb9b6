using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class ActionTargetTests
{
    [Fact]
    public void Resolve_WithTheDrawerFocused_TargetsTheDrawersAlert_EvenWithRowsChecked()
    {
        var target = ActionTarget.Resolve((9, "related"), drawerFocused: true, [1, 2], (1, "row"));

        Assert.Equal(ActionScope.Drawer, target.Scope);
        Assert.Equal([9L], target.Ids);
        Assert.Equal("Acknowledge this alert", target.Label("Acknowledge"));
        Assert.Equal("In the drawer: related", target.Description);
    }

    [Fact]
    public void Resolve_WithTheDrawerOpenButNotFocused_TargetsTheCheckedRows_ThenTheCursor()
    {
        var selected = ActionTarget.Resolve((9, "drawer"), drawerFocused: false, [1, 2, 3], (1, "row"));
        Assert.Equal(ActionScope.Selected, selected.Scope);
        Assert.Equal("Acknowledge 3 selected", selected.Label("Acknowledge"));

        var cursor = ActionTarget.Resolve((9, "drawer"), drawerFocused: false, [], (1, "row"));
        Assert.Equal(ActionScope.Cursor, cursor.Scope);
        Assert.Equal([1L], cursor.Ids);
        Assert.Equal("Close this alert", cursor.Label("Close"));
    }

    [Fact]
    public void Resolve_WithNothing_HasNoTarget()
    {
        var target = ActionTarget.Resolve(null, drawerFocused: true, [], null);

        Assert.Equal(ActionScope.None, target.Scope);
        Assert.Empty(target.Ids);
        Assert.Equal("Acknowledge", target.Label("Acknowledge"));
    }
}
