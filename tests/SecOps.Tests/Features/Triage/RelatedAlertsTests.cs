using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class RelatedAlertsTests : ComponentTest
{
    private const string LongRule = "Credential stuffing against the customer portal login endpoint from a rotating residential proxy network";

    [Fact]
    public void EachRelatedAlert_ShowsItsWholeRuleName_AndWhyItIsRelated()
    {
        var open = Alerts.View(1, rule: "Brute force", host: "web-01") with { Fingerprint = "fp-open", UserName = "ana@example.test", SourceIp = "10.0.0.1" };
        var sameHost = Alerts.View(2, rule: LongRule, host: "web-01") with { Fingerprint = "fp-2", UserName = "bo", SourceIp = "10.0.0.2" };
        var sameUser = Alerts.View(3, rule: "Impossible travel", host: "vpn-01") with { Fingerprint = "fp-3", UserName = "ana@example.test", SourceIp = "10.0.0.3" };
        long? opened = null;

        var list = Render<RelatedAlerts>(p => p.Add(r => r.Alert, open).Add(r => r.Related, [sameHost, sameUser]).Add(r => r.Now, Time.GetUtcNow())
            .Add(r => r.OnOpen, (long id) => opened = id));

        var rows = list.FindAll("button.related-row");
        Assert.Equal([LongRule, "Impossible travel"], rows.Select(r => r.QuerySelector(".related-rule")!.TextContent));
        Assert.Equal(["same host", "same user"], rows.Select(r => r.QuerySelector(".related-reason")!.TextContent));
        Assert.Equal("web-01", rows[0].QuerySelector(".related-entity")!.TextContent);
        rows[1].Click();
        Assert.Equal(3, opened);
    }

    [Fact]
    public void NoRelatedAlerts_SaysWhatWasLookedFor()
    {
        var list = Render<RelatedAlerts>(p => p.Add(r => r.Alert, Alerts.View(1)).Add(r => r.Related, []));

        Assert.Contains("rule, host, user, source IP or fingerprint", list.Markup, StringComparison.Ordinal);
    }
}
