using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertQueryParserTests
{
    private static QueryNode Root(string text)
    {
        var (query, error) = AlertQueryParser.Parse(text);
        Assert.Null(error);
        return query!.Root!;
    }

    private static QueryError Error(string text)
    {
        var (query, error) = AlertQueryParser.Parse(text);
        Assert.Null(query);
        return error!;
    }

    [Fact]
    public void BareWordsAndFields_AreImplicitlyAnded()
    {
        var root = Root("powershell severity:high host:web-01 \"brute force\"");

        Assert.Equal(new AndNode([new TextNode("powershell"), new FieldNode(AlertField.Severity, "high"), new FieldNode(AlertField.Host, "web-01"), new TextNode("brute force")]),
            root, QueryNodeComparer.Instance);
    }

    [Fact]
    public void PinnedBoardQuery_ParsesWithAValueList()
    {
        var root = Root("status:open AND severity:(high OR critical)");

        Assert.Equal(new AndNode([new FieldNode(AlertField.Status, "open"),
            new OrNode([new FieldNode(AlertField.Severity, "high"), new FieldNode(AlertField.Severity, "critical")])]), root, QueryNodeComparer.Instance);
    }

    [Fact]
    public void AndBindsTighterThanOr_AndParenthesesOverrideIt()
    {
        var a = new TextNode("a");
        var b = new TextNode("b");
        var c = new TextNode("c");

        Assert.Equal(new OrNode([a, new AndNode([b, c])]), Root("a OR b AND c"), QueryNodeComparer.Instance);
        Assert.Equal(new AndNode([new OrNode([a, b]), c]), Root("(a or b) and c"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void NotAndMinus_Negate()
    {
        Assert.Equal(new AndNode([new TextNode("a"), new NotNode(new FieldNode(AlertField.Host, "x"))]), Root("a NOT host:x"), QueryNodeComparer.Instance);
        Assert.Equal(new NotNode(new FieldNode(AlertField.Status, "closed")), Root("-status:closed"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void Ranges_ParseWithOrWithoutSpaces()
    {
        Assert.Equal(new RangeNode(AlertField.RiskScore, RangeOperator.GreaterOrEqual, "70"), Root("risk_score >= 70"), QueryNodeComparer.Instance);
        Assert.Equal(new RangeNode(AlertField.Timestamp, RangeOperator.GreaterThan, "now-1h"), Root("@timestamp>now-1h"), QueryNodeComparer.Instance);
        Assert.Equal(new RangeNode(AlertField.Severity, RangeOperator.LessThan, "high"), Root("severity < high"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void FieldValue_MayContainColons()
    {
        Assert.True(IpKey.TryParse("2001:db8::1", out var address));
        Assert.Equal(new IpRangeNode(AlertField.SourceIp, address, address), Root("ip:2001:db8::1"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void TrailingWildcards_AreAPrefixOnKeywordFields_AndAddNothingToContainsMatches()
    {
        Assert.Equal(new PrefixNode(AlertField.Host, "web-"), Root("host:web-*"), QueryNodeComparer.Instance);
        Assert.Equal(new PrefixNode(AlertField.User, ""), Root("user:*"), QueryNodeComparer.Instance);
        Assert.Equal(new FieldNode(AlertField.Host, "web-*"), Root("host:\"web-*\""), QueryNodeComparer.Instance);
        Assert.Equal(new FieldNode(AlertField.Rule, "brute"), Root("rule:brute*"), QueryNodeComparer.Instance);
        Assert.Equal(new TextNode("power"), Root("power*"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void CidrRanges_CoverTheirAddresses_AnIpv4PrefixCountingIpv4Bits()
    {
        Assert.True(IpKey.TryParse("45.155.0.0", out var first));
        Assert.True(IpKey.TryParse("45.155.255.255", out var last));
        Assert.Equal(new IpRangeNode(AlertField.SourceIp, first, last), Root("ip:45.155.3.4/16"), QueryNodeComparer.Instance);
        Assert.Equal(new IpRangeNode(AlertField.DestinationIp, UInt128.Zero, UInt128.MaxValue), Root("destination.ip:::/0"), QueryNodeComparer.Instance);
    }

    [Fact]
    public void AssigneeMe_ResolvesToThePerson_OrIsAnErrorWithoutOne()
    {
        var query = AlertQueryParser.Parse("NOT assignee:me OR assignee:ME").Query!;
        var alice = new Web.Features.Accounts.Actor("user-1", "alice", new HashSet<Web.Features.Accounts.Permission>());

        Assert.Equal(new OrNode([new NotNode(new AssigneeIdNode("user-1")), new AssigneeIdNode("user-1")]),
            AlertQueryPeople.Resolve(query, alice).Query!.Root!, QueryNodeComparer.Instance);
        Assert.Equal(13, AlertQueryPeople.Resolve(query, Web.Features.Accounts.Actor.System).Error!.Position);
        var ownerless = new Web.Features.Accounts.Actor("apikey:3", "API key k", new HashSet<Web.Features.Accounts.Permission>());
        Assert.Contains("API key", AlertQueryPeople.Resolve(query, ownerless).Error!.Message);
        Assert.Equal(new AssigneeIdNode("user-9"), AlertQueryPeople.Resolve(AlertQueryParser.Parse("assignee:me").Query!, ownerless with { KeyOwner = "user-9" }).Query!.Root);
        Assert.Equal(new FieldNode(AlertField.Assignee, "me"), Root("assignee:\"me\""));
    }

    [Fact]
    public void TimestampValues_AreCheckedAgainstTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        Assert.True(AlertFields.TryTime("now-90m", time, out var at));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), at);
        Assert.Null(AlertQueryParser.Parse("@timestamp > now-2d", time).Error);
        Assert.NotNull(AlertQueryParser.Parse("@timestamp > now-2w", time).Error);
    }

    [Theory]
    [InlineData("\"unterminated", 0, "quote")]
    [InlineData("ok colour:red", 3, "Unknown field")]
    [InlineData("severity:extreme", 9, "severity is one of")]
    [InlineData("host: ", 6, "needs a value")]
    [InlineData("(a OR b", 0, "not closed")]
    [InlineData("a OR b)", 6, "no opening")]
    [InlineData("()", 1, "missing term")]
    [InlineData("a AND", 5, "ends where a term")]
    [InlineData("OR a", 0, "needs a term before")]
    [InlineData("host >= web", 5, "cannot be compared")]
    [InlineData("risk_score >= lots", 14, "takes a number")]
    [InlineData("severity:(high critical)", 9, "not closed")]
    public void InvalidQuery_ReportsTheProblemAtItsPosition(string text, int position, string message)
    {
        var error = Error(text);

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("'; DROP TABLE Alerts; --")]
    [InlineData("{\"query\":{\"match_all\":{}}}")]
    [InlineData("100% _under_ \\back\\slash")]
    [InlineData("\"a \\\"quoted\\\" phrase\"")]
    [InlineData("host:\"'; DELETE FROM Alerts --\"")]
    [InlineData("\u0000\u202E control")]
    public void HostileText_BecomesPlainTermsOrACleanError(string text)
    {
        var (query, error) = AlertQueryParser.Parse(text);

        Assert.True(query is not null ^ error is not null);
    }

    [Fact]
    public void VeryLongQuery_IsRefusedCleanly() =>
        Assert.Contains("longer than", Error(new string('a', AlertQueryParser.MaxLength + 1)).Message);

    [Fact]
    public void TenThousandCharacterQuery_WithinTheLimitParsesOrFailsCleanly()
    {
        var text = string.Join(" OR ", Enumerable.Repeat("abc", 2_000))[..AlertQueryParser.MaxLength];
        var (query, error) = AlertQueryParser.Parse(text);

        Assert.True(query is not null ^ error is not null);
        Assert.Contains("more than", error!.Message);
    }

    [Fact]
    public void DeepNesting_IsRefusedWithItsPosition()
    {
        var text = new string('(', 500) + "a" + new string(')', 500);

        var error = Error(text);

        Assert.Contains("nested", error.Message);
        Assert.InRange(error.Position, 0, 500);
    }

    [Fact]
    public void EmptyQuery_MatchesEverything() =>
        Assert.Same(AlertQuery.All, AlertQueryParser.Parse("  ").Query);
}

/// <summary>Structural equality for query trees (records compare lists by reference).</summary>
internal sealed class QueryNodeComparer : IEqualityComparer<QueryNode>
{
    public static readonly QueryNodeComparer Instance = new();

    public bool Equals(QueryNode? x, QueryNode? y) => (x, y) switch
    {
        (AndNode a, AndNode b) => a.Items.SequenceEqual(b.Items, this),
        (OrNode a, OrNode b) => a.Items.SequenceEqual(b.Items, this),
        (NotNode a, NotNode b) => Equals(a.Item, b.Item),
        _ => EqualityComparer<QueryNode>.Default.Equals(x, y),
    };

    public int GetHashCode(QueryNode obj) => obj.GetType().GetHashCode();
}
