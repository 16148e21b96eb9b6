using Microsoft.Extensions.Time.Testing;
using SecOps.Tests.Support;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

/// <summary>The board's window as the live matcher applies it (the store side: AlertQueryTranslatorTests and the plan test).</summary>
public sealed class TimeRangeQueryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private static Web.Features.Alerts.AlertView At(DateTimeOffset time, string rule = "Rule") => Alerts.View(1, rule: rule) with { AlertTime = time };

    [Fact]
    public void LiveAlert_OutsideAnAbsoluteWindow_DoesNotMatch()
    {
        var range = TimeRange.Parse("2026-11-25T08:00:00Z", "2026-11-25T10:00:00Z", _time).Range!;
        var query = TimeRangeQuery.Within(AlertQueryParser.Parse("rule:Brute", _time).Query!, range);

        Assert.True(AlertQueryMatcher.Matches(query, At(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), "Brute force"), _time));
        Assert.True(AlertQueryMatcher.Matches(query, At(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), "Brute force"), _time));
        Assert.False(AlertQueryMatcher.Matches(query, At(_time.GetUtcNow(), "Brute force"), _time));
        Assert.False(AlertQueryMatcher.Matches(query, At(new DateTimeOffset(2026, 11, 25, 7, 59, 59, TimeSpan.Zero), "Brute force"), _time));
        Assert.False(AlertQueryMatcher.Matches(query, At(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), "Port scan"), _time));
    }

    [Fact]
    public void RelativeWindow_UpToNow_TakesAnAlertStampedAheadOfTheServerClock()
    {
        var query = TimeRangeQuery.Within(AlertQuery.All, new TimeRange("now-15m", null));

        Assert.True(AlertQueryMatcher.Matches(query, At(_time.GetUtcNow().AddSeconds(2)), _time));
        Assert.False(AlertQueryMatcher.Matches(query, At(_time.GetUtcNow().AddMinutes(-16)), _time));
    }

    [Fact]
    public void AllTime_LeavesTheQueryAsItIs()
    {
        var query = AlertQueryParser.Parse("severity:high", _time).Query!;

        Assert.Same(query, TimeRangeQuery.Within(query, TimeRange.All));
    }

    [Fact]
    public void Window_IsPartOfTheSharedAggregateKey_AsWritten() =>
        Assert.Equal("and(Severity=\"high\",Timestamp GreaterOrEqual \"now-24h\")",
            AlertQueryKey.Of(TimeRangeQuery.Within(AlertQueryParser.Parse("severity:high", _time).Query!, new TimeRange("now-24h", null))));
}
