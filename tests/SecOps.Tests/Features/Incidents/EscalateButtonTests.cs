using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Incidents;

/// <summary>The action bar's escalate button: names the action target, offered only to roles that escalate, never for "all matching".</summary>
public sealed class EscalateButtonTests : ComponentTest
{
    private IRenderedComponent<TriageActions> Bar(ActionTarget target, bool canEscalate, Action? onEscalate = null) =>
        Render<TriageActions>(p => p.Add(a => a.Target, target).Add(a => a.CanTriage, true).Add(a => a.CanEscalate, canEscalate)
            .Add(a => a.OnEscalate, () => onEscalate?.Invoke()));

    [Fact]
    public void Escalate_NamesTheCheckedAlerts_AndRaisesOnEscalate()
    {
        var raised = 0;
        var bar = Bar(ActionTarget.Resolve(null, false, [3, 4], null), canEscalate: true, () => raised++);

        var button = bar.Find("button.escalate-button");
        Assert.Equal("Escalate 2 selected…", button.TextContent.Trim());
        button.Click();

        Assert.Equal(1, raised);
    }

    [Fact]
    public void Escalate_IsDisabledForAllMatching_AndWithNothingSelected()
    {
        Assert.True(Bar(ActionTarget.AllMatching(5000), canEscalate: true).Find("button.escalate-button").HasAttribute("disabled"));
        Assert.True(Bar(ActionTarget.Nothing, canEscalate: true).Find("button.escalate-button").HasAttribute("disabled"));
    }

    [Fact]
    public void Escalate_IsNotOffered_ToRolesThatCannotEscalate() =>
        Assert.Empty(Bar(ActionTarget.Resolve(null, false, [], (7, "Rule")), canEscalate: false).FindAll("button.escalate-button"));
}
