using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class QueryBarTests : ComponentTest
{
    [Fact]
    public void ValidQuery_IsAppliedParsed()
    {
        (AlertQuery Query, string? Text)? applied = null;
        var bar = Render<QueryBar>(p => p
            .Add(b => b.Text, "status:open AND severity:(high OR critical)")
            .Add(b => b.OnApply, ((AlertQuery Query, string? Text) a) => applied = a));

        bar.Find("form").Submit();

        Assert.NotNull(applied);
        Assert.IsType<AndNode>(applied.Value.Query.Root);
        Assert.Null(bar.Instance.Error);
    }

    [Fact]
    public void InvalidQuery_ShowsTheErrorAtItsPosition_AndAppliesNothing()
    {
        var applied = false;
        var bar = Render<QueryBar>(p => p
            .Add(b => b.Text, "host:web-01 AND severity:extreme")
            .Add(b => b.OnApply, ((AlertQuery, string?) _) => applied = true));

        bar.Find("form").Submit();

        Assert.False(applied);
        Assert.Equal("severity is one of low, medium, high, critical. (at character 26)", bar.Instance.Error);
        Assert.Contains("(at character 26)", bar.Markup);
    }

    [Fact]
    public void PartialFieldName_IsOfferedAsACompletion_AndPickingOneCompletesTheText()
    {
        string? text = null;
        var bar = Render<QueryBar>(p => p.Add(b => b.Text, "brute sev").Add(b => b.TextChanged, (string? t) => text = t));

        var suggestion = Assert.Single(bar.FindAll(".query-suggestion"));
        Assert.Equal("severity:", suggestion.TextContent);
        suggestion.Click();

        Assert.Equal("brute severity:", text);
    }

    [Fact]
    public void FieldValues_AreOfferedFromTheVocabularyAndFromKnownValues_QuotedWhenNeeded()
    {
        var status = Render<QueryBar>(p => p.Add(b => b.Text, "status:in"));
        var rule = Render<QueryBar>(p => p.Add(b => b.Text, "rule:WAF").Add(b => b.KnownValues, f => f == AlertField.Rule ? ["WAF: SQL injection", "Brute force"] : []));

        Assert.Equal(["in-progress"], status.FindAll(".query-suggestion").Select(s => s.TextContent));
        Assert.Equal(["\"WAF: SQL injection\""], rule.FindAll(".query-suggestion").Select(s => s.TextContent));
    }
}
