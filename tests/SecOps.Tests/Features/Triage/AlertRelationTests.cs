using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertRelationTests
{
    [Fact]
    public void Between_NamesEverythingTheTwoShare_MostTellingFirst()
    {
        var open = Alerts.View(1, rule: "Brute force", host: "web-01");
        var repeat = Alerts.View(2, rule: "Brute force", host: "web-01");

        Assert.Equal(["same fingerprint", "same rule", "same host", "same user", "same source IP"], AlertRelation.Between(open, repeat));
    }

    [Fact]
    public void Between_NamesOnlyWhatIsShared_AndAMissingValueIsNeverTheSame()
    {
        var open = Alerts.View(1, rule: "Brute force", host: null) with { Fingerprint = "a", UserName = "ana" };
        var other = Alerts.View(2, rule: "Impossible travel", host: null) with { Fingerprint = "b", UserName = "ana", SourceIp = "10.9.9.9" };

        Assert.Equal(["same user"], AlertRelation.Between(open, other));
    }
}
