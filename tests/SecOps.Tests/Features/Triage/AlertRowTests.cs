using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertRowTests : ComponentTest
{
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Row(AlertView alert, bool selected = false, bool isChecked = false,
        IReadOnlySet<string>? columns = null, DateTimeOffset? now = null, IReadOnlyList<string>? viewers = null, int folded = 1)
    {
        var sla = Services.GetRequiredService<SlaClock>().Evaluate(alert, now ?? Time.GetUtcNow());
        var html = AlertRowMarkup.Html(new AlertRowModel(alert, sla, columns ?? AlertRowMarkup.AllColumns, selected, isChecked, folded, viewers));
        return Render(html.Fragment);
    }

    [Fact]
    public void HostileFields_RenderAsTextNeverAsMarkup()
    {
        var alert = Alerts.View(1, rule: "<img src=x onerror=alert(1)>", host: "<script>alert(2)</script>");

        var row = Row(alert, viewers: ["<b>mallory</b>"]);

        Assert.Empty(row.FindAll("img"));
        Assert.Empty(row.FindAll("script"));
        Assert.Empty(row.FindAll("b"));
        Assert.StartsWith("<img src=x onerror=alert(1)>", row.Find(".alert-rule").TextContent, StringComparison.Ordinal);
        Assert.Equal("<script>alert(2)</script>", row.Find(".alert-entity").TextContent);
        Assert.Equal("Viewing now: <b>mallory</b>", row.Find(".alert-viewers").GetAttribute("title"));
    }

    [Fact]
    public void HostileFields_CannotLeaveTheirAttribute()
    {
        var alert = Alerts.View(1, host: "x\" onmouseover=\"alert(1)\" data-x='", severity: "high\"><img src=x>");

        var row = Row(alert);

        Assert.Empty(row.FindAll("img"));
        Assert.Empty(row.FindAll("[onmouseover]"));
        Assert.Equal("x\" onmouseover=\"alert(1)\" data-x='", row.Find(".alert-entity").GetAttribute("title"));
        Assert.Equal("high\"><img src=x>", row.Find(".severity-chip").TextContent);
    }

    [Fact]
    public void Row_ShowsSeverityRuleEntityAndStatus()
    {
        var alert = Alerts.View(7, rule: "Brute force", severity: "critical", host: "web-prod-01");

        var row = Row(alert, now: alert.AlertTime.AddMinutes(3));

        Assert.Equal("critical", row.Find(".severity-chip").TextContent);
        Assert.Contains("severity-critical", row.Find(".severity-chip").ClassName);
        Assert.Equal("Brute force", row.Find(".alert-rule").TextContent);
        Assert.Equal("web-prod-01", row.Find(".alert-entity").TextContent);
        Assert.Equal("open", row.Find(".alert-status").TextContent);
    }

    public static TheoryData<string> StringFields() =>
        [.. typeof(AlertView).GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite).Select(p => p.Name)];

    // Rows are HTML built by hand: whichever field a future change puts on the line, a hostile value must add no element
    // and no attribute to it.
    [Theory]
    [MemberData(nameof(StringFields))]
    public void AnyStringField_HoldingMarkup_AddsNoElementOrAttribute(string field)
    {
        const string payload = "\"'><img src=x onerror=alert(1)><svg onload=alert(2)><!-- &amp; \u202e";
        var alert = Alerts.View(5, severity: "high") with { };
        typeof(AlertView).GetProperty(field)!.SetValue(alert, payload);

        var row = Row(alert, selected: true, isChecked: true, viewers: [payload], folded: 2);

        string[] elements = ["div", "span", "time", "svg", "path"];
        string[] attributes = ["class", "role", "aria-selected", "aria-checked", "aria-label", "aria-hidden", "data-alert-id", "title",
            "data-age-since", "data-sla-deadline", "data-sla-warn", "focusable", "viewBox", "d", "fill"];
        Assert.All(row.FindAll("*"), element =>
        {
            Assert.Contains(element.LocalName, elements);
            Assert.All(element.Attributes, attribute => Assert.Contains(attribute.LocalName, attributes));
        });
        Assert.Single(row.FindAll("[data-alert-id]"));
    }

    [Fact]
    public void AgeAndSlaCarryTheirTimesForTheBrowserToTick_NotTextThatWouldGoStale()
    {
        var alert = Alerts.View(7);
        var sla = Services.GetRequiredService<SlaClock>().Evaluate(alert, alert.AlertTime);

        var row = Row(alert, now: alert.AlertTime.AddMinutes(3));

        var age = row.Find(".alert-age");
        Assert.Equal(alert.AlertTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), age.GetAttribute("data-age-since"));
        Assert.Equal("", age.TextContent);
        var clock = row.Find(".sla");
        Assert.Equal(sla.Deadline!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), clock.GetAttribute("data-sla-deadline"));
        Assert.Equal(sla.WarnAt!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), clock.GetAttribute("data-sla-warn"));
        Assert.StartsWith("acknowledge SLA until", clock.GetAttribute("title"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PlainLines_AreBuiltOncePerAlertVersion_AndSharedBetweenBoards()
    {
        var clock = Services.GetRequiredService<SlaClock>();
        var alert = Alerts.View(9);
        AlertRowModel Model(AlertView view, bool selected = false) =>
            new(view, clock.Evaluate(view, Time.GetUtcNow()), AlertRowMarkup.AllColumns, selected);

        var first = AlertRowMarkup.Html(Model(alert));

        Assert.Same(first, AlertRowMarkup.Html(Model(alert)));
        Assert.NotSame(first, AlertRowMarkup.Html(Model(alert with { Status = "acknowledged" })));
        Assert.Contains("aria-selected=\"true\"", AlertRowMarkup.Html(Model(alert, selected: true)).Html, StringComparison.Ordinal);
        Assert.Same(first, AlertRowMarkup.Html(Model(alert)));
        Assert.NotSame(first, AlertRowMarkup.Html(new AlertRowModel(alert, clock.Evaluate(alert, Time.GetUtcNow()), new HashSet<string> { "age" })));
    }

    [Fact]
    public void Row_CarriesItsIdForTheBrowserAndMarksSelectionAndCheck()
    {
        var row = Row(Alerts.View(42), selected: true, isChecked: true);

        var line = row.Find(".alert-row");
        Assert.Equal("42", line.GetAttribute("data-alert-id"));
        Assert.Equal("true", line.GetAttribute("aria-selected"));
        Assert.Contains("selected", line.ClassList);
        Assert.Contains("checked", line.ClassList);
        Assert.Equal("true", line.GetAttribute("aria-checked"));
        var plain = Row(Alerts.View(43)).Find(".alert-row");
        Assert.Equal("false", plain.GetAttribute("aria-selected"));
        Assert.DoesNotContain("selected", plain.ClassList);
        Assert.Null(plain.GetAttribute("aria-checked"));
    }

    [Fact]
    public void OptionalColumns_AreLeftOutWhenNotChosen_AndRepeatsAndViewersAreCounted()
    {
        var row = Row(Alerts.View(1), columns: new HashSet<string> { "age" }, viewers: ["ana", "bo"], folded: 4);

        Assert.Empty(row.FindAll(".alert-risk"));
        Assert.Empty(row.FindAll(".alert-tactic"));
        Assert.Empty(row.FindAll(".alert-assignee"));
        Assert.Empty(row.FindAll(".sla"));
        Assert.Single(row.FindAll(".alert-age"));
        Assert.Equal(" ×4", row.Find(".alert-repeats").TextContent);
        Assert.Equal("2", row.Find(".alert-viewers").TextContent.Trim());
    }

    [Fact]
    public void TruncatableCells_CarryTheirWholeTextAsATitle()
    {
        const string rule = "Credential stuffing against the customer portal login endpoint from a rotating residential proxy network";
        var alert = Alerts.View(3, rule: rule) with { Reason = "authentication event by ana@example.test after 37 failures", MitreTactic = "Credential Access", Assignee = "ana@example.test" };

        var row = Row(alert);

        Assert.Equal(rule, row.Find(".alert-rule").GetAttribute("title"));
        Assert.Equal("authentication event by ana@example.test after 37 failures", row.Find(".alert-reason").GetAttribute("title"));
        Assert.Equal("Credential Access", row.Find(".alert-tactic").GetAttribute("title"));
        Assert.Equal("ana@example.test", row.Find(".alert-assignee").GetAttribute("title"));
    }

    [Fact]
    public void RepeatCounterAndViewers_SitBesideTheRuleName_NotInsideItsEllipsis()
    {
        var row = Row(Alerts.View(1, rule: "A rule name long enough to be cut short"), viewers: ["ana"], folded: 2);

        // The name's span ellipsizes; the counter is its sibling on the rule line, so it cannot be clipped with it.
        Assert.Equal("A rule name long enough to be cut short", row.Find(".alert-rule").TextContent);
        Assert.Empty(row.FindAll(".alert-rule .alert-repeats"));
        Assert.Equal(" ×2", row.Find(".alert-rule-line > .alert-repeats").TextContent);
        Assert.Single(row.FindAll(".alert-rule-line > .alert-viewers"));
    }

    [Fact]
    public void EveryCell_NamesItsColumn_SoTheHeaderAndTheStylesheetCanMatchIt()
    {
        var row = Row(Alerts.View(1));

        var columns = row.Find(".alert-row").Children.Select(c => c.ClassList.Single(n => n.StartsWith("col-", StringComparison.Ordinal))).ToList();

        Assert.Equal(["col-check", "col-severity", "col-risk", "col-rule", "col-entity", "col-tactic", "col-status", "col-assignee", "col-sla", "col-age"], columns);
    }

    [Fact]
    public void EntityColumn_FallsBackFromHostToUserToSourceIp()
    {
        Assert.Equal("user-1", Row(Alerts.View(1, host: null)).Find(".alert-entity").TextContent);
    }

    [Fact]
    public void UnknownSeverityAndStatus_MapToOneFixedClass_NeverBecomeClassNames()
    {
        var row = Row(Alerts.View(3, severity: "evil-class") with { Status = "owned x" });

        Assert.Equal(["severity-chip", "col-severity", "severity-unknown"], row.Find(".severity-chip").ClassList);
        Assert.Contains("status-unknown", row.Find(".alert-row").ClassList);
        Assert.DoesNotContain(row.FindAll("*").SelectMany(e => e.ClassList), c => c is "evil-class" or "severity-evil-class" or "owned" or "x" or "status-owned");
        Assert.Equal("evil-class", row.Find(".severity-chip").TextContent);
    }
}
