using Microsoft.Extensions.Time.Testing;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertQueryMatcherTests
{
    private static readonly FakeTimeProvider Time = new(DateTimeOffset.UtcNow);

    private static bool Matches(string query, Web.Features.Alerts.AlertView alert) =>
        AlertQueryMatcher.Matches(AlertQueryParser.Parse(query, Time).Query!, alert, Time);

    [Theory]
    [InlineData("status:open AND severity:(high OR critical)", true)]
    [InlineData("status:open AND severity:(low OR medium)", false)]
    [InlineData("BRUTE", true)]
    [InlineData("NOT brute", false)]
    [InlineData("risk_score >= 50", true)]
    [InlineData("risk_score > 50", false)]
    [InlineData("severity >= medium", true)]
    [InlineData("severity > high", false)]
    [InlineData("@timestamp > now-10m", true)]
    [InlineData("@timestamp > now-1m", false)]
    [InlineData("host:host-1 OR host:other", true)]
    [InlineData("-host:host-1", false)]
    public void LiveAlert_IsMatchedWithTheStoreQuerysMeaning(string query, bool expected)
    {
        var alert = Alerts.View(1, rule: "Brute force", severity: "high", host: "host-1");

        Assert.Equal(expected, Matches(query, alert));
    }
}
