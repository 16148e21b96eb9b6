using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertQueryParserTests
{
    [Fact]
    public void BareWordsAndFields_ParseIntoWordsAndFilters()
    {
        var (query, error) = AlertQueryParser.Parse("powershell severity:high host:web-01 \"brute force\"");

        Assert.Null(error);
        Assert.Equal(["powershell", "brute force"], query!.Words);
        Assert.Equal([new FieldFilter(AlertField.Severity, "high"), new FieldFilter(AlertField.Host, "web-01")], query.Filters);
    }

    [Fact]
    public void FieldValue_MayContainColons()
    {
        var (query, _) = AlertQueryParser.Parse("ip:2001:db8::1");
        Assert.Equal("2001:db8::1", Assert.Single(query!.Filters).Value);
    }

    [Fact]
    public void ExplicitAnd_IsAccepted()
    {
        var (query, error) = AlertQueryParser.Parse("status:open AND severity:critical");

        Assert.Null(error);
        Assert.Equal(2, query!.Filters.Count);
    }

    [Theory]
    [InlineData("\"unterminated", 0, "quote")]
    [InlineData("ok colour:red", 3, "Unknown field")]
    [InlineData("severity:extreme", 9, "severity is one of")]
    [InlineData("host: web", 5, "needs a value")]
    [InlineData("a OR b", 2, "OR is not supported")]
    [InlineData("(a)", 0, "Parentheses")]
    public void InvalidQuery_ReportsTheProblemAtItsPosition(string text, int position, string message)
    {
        var (query, error) = AlertQueryParser.Parse(text);

        Assert.Null(query);
        Assert.Equal(position, error!.Position);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("'; DROP TABLE Alerts; --")]
    [InlineData("{\"query\":{\"match_all\":{}}}")]
    [InlineData("100% _under_ \\back\\slash")]
    [InlineData("\"a \\\"quoted\\\" phrase\"")]
    public void HostileText_BecomesPlainWordsOrACleanError(string text)
    {
        var (query, error) = AlertQueryParser.Parse(text);

        Assert.True(query is not null || error is not null);
        if (query is not null)
        {
            Assert.All(query.Words, w => Assert.False(string.IsNullOrEmpty(w)));
        }
    }

    [Fact]
    public void VeryLongQuery_IsRefusedCleanly()
    {
        var (query, error) = AlertQueryParser.Parse(new string('a', AlertQueryParser.MaxLength + 1));

        Assert.Null(query);
        Assert.Contains("longer than", error!.Message);
    }

    [Fact]
    public void EmptyQuery_MatchesEverything() =>
        Assert.Same(AlertQuery.All, AlertQueryParser.Parse("  ").Query);
}
