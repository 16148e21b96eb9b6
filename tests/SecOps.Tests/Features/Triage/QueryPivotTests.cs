using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class QueryPivotTests
{
    [Theory]
    [InlineData(null, "host:\"web-01\"")]
    [InlineData("  ", "host:\"web-01\"")]
    [InlineData("brute", "(brute) AND host:\"web-01\"")]
    [InlineData("rule:a OR rule:b", "(rule:a OR rule:b) AND host:\"web-01\"")]
    public void Combine_PutsTheCurrentQueryInParentheses(string? current, string expected) =>
        Assert.Equal(expected, QueryPivot.Combine(current, "host:\"web-01\""));

    [Fact]
    public void Combine_KeepsTheMeaningOfAnOr_WhichAPlainAndWouldChange()
    {
        var time = TimeProvider.System;
        var combined = AlertQueryParser.Parse(QueryPivot.Combine("rule:a OR rule:b", "host:x"), time).Query!;
        var alertOfRuleAElsewhere = Support.Alerts.View(1, rule: "a", host: "y");
        var alertOfRuleAOnX = Support.Alerts.View(2, rule: "a", host: "x");

        Assert.False(AlertQueryMatcher.Matches(combined, alertOfRuleAElsewhere, time));
        Assert.True(AlertQueryMatcher.Matches(combined, alertOfRuleAOnX, time));
        // The old way, "a OR b AND term", kept rule a on every host.
        Assert.True(AlertQueryMatcher.Matches(AlertQueryParser.Parse("rule:a OR rule:b AND host:x", time).Query!, alertOfRuleAElsewhere, time));
    }

    [Fact]
    public void Apply_WhenTheCurrentTextDoesNotParse_SaysSoAtTheCharacterTheAnalystSees()
    {
        const string current = "rule:a AND severity:(high";
        var ownError = AlertQueryParser.Parse(current).Error!;

        var (query, text, error) = QueryPivot.Apply(current, "host:x", TimeProvider.System);

        Assert.Null(query);
        Assert.Equal("(rule:a AND severity:(high) AND host:x", text);
        Assert.Equal($"Cannot add host:x to this search: {ownError.Describe()}", error);
        Assert.EndsWith("(at character 21)", error);
    }

    [Fact]
    public void Apply_WhenBothParse_GivesTheCombinedQueryAndNoError()
    {
        var (query, text, error) = QueryPivot.Apply("rule:a", "host:x", TimeProvider.System);

        Assert.NotNull(query);
        Assert.Equal("(rule:a) AND host:x", text);
        Assert.Null(error);
    }
}
