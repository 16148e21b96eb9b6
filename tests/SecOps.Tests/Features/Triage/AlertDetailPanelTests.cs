using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertDetailPanelTests : ComponentTest
{
    private static AlertDetail Detail() => new(
        Alerts.View(5, rule: "<script>alert(1)</script>", host: "web \"prod\" 01"),
        AlertDetail.FormatRaw("""{"rule":{"name":"<script>alert(1)</script>"},"file":"evil\u202Egpj.exe"}"""),
        [new AlertTransition { AlertId = 5, ActorId = "a1", ActorName = "Ana", At = DateTimeOffset.UnixEpoch, FromStatus = AlertStatus.Open, ToStatus = AlertStatus.Closed, CloseReason = CloseReason.FalsePositive, Comment = "known scanner" }],
        [Alerts.View(6, rule: "Related rule")]);

    [Fact]
    public void Fields_RawDocumentAndHistory_AreShownAsText()
    {
        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail()).Add(d => d.Now, DateTimeOffset.UtcNow));

        Assert.Empty(panel.FindAll("script"));
        Assert.Contains("<script>alert(1)</script>", panel.Find(".detail-title").TextContent);
        panel.FindAll(".mud-tab").First(t => t.TextContent.Trim() == "Raw").Click();
        var raw = panel.Find("pre.detail-raw").TextContent;
        Assert.Contains("\\u202E", raw);
        Assert.DoesNotContain("\u202E", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Pivot_QuotesAndEscapesTheValueIntoOneQueryTerm()
    {
        string? pivot = null;
        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail()).Add(d => d.OnPivot, (string q) => pivot = q));

        panel.Find("[aria-label='Filter by Host']").Click();

        Assert.Equal("host:\"web \\\"prod\\\" 01\"", pivot);
        var (query, error) = AlertQueryParser.Parse(pivot);
        Assert.Null(error);
        Assert.Equal(new FieldNode(AlertField.Host, "web \"prod\" 01"), query!.Root);
    }

    [Fact]
    public void OtherViewers_AreNamed()
    {
        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail()).Add(d => d.Viewers, ["bob", "cy"]));

        Assert.Equal("Also viewing: bob, cy", panel.Find(".detail-viewers").TextContent.Trim());
    }

    [Fact]
    public void LongTokens_MayWrapAtTheirSeparators_NotMidWord()
    {
        var detail = Detail() with { Alert = Alerts.View(5) with { UserName = "firstname.lastname@security-operations.example.com" } };

        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, detail));

        var user = panel.FindAll(".detail-fields dt").Single(dt => dt.TextContent == "User").NextElementSibling!.QuerySelector(".detail-value")!;
        Assert.Equal("firstname.lastname@security-operations.example.com", user.TextContent);
        Assert.Equal(4, user.QuerySelectorAll("wbr").Length);
    }

    [Fact]
    public void RelatedTab_SaysWhyEachAlertIsRelated()
    {
        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail()).Add(d => d.Now, DateTimeOffset.UtcNow));

        panel.FindAll(".mud-tab").First(t => t.TextContent.StartsWith("Related", StringComparison.Ordinal)).Click();

        Assert.Equal("Related rule", panel.Find(".related-rule").TextContent);
        Assert.Equal("same fingerprint, same user, same source IP", panel.Find(".related-reason").TextContent);
    }
}
