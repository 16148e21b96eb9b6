using Bunit;
using Microsoft.AspNetCore.Components.Web;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class QueryBarTests : ComponentTest
{
    private const string Input = "input#board-query";

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
        Assert.Equal("status:open AND severity:(high OR critical)", applied.Value.Text);
        Assert.Null(bar.Instance.Error);
        Assert.Equal("false", bar.Find(Input).GetAttribute("aria-invalid"));
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
        var input = bar.Find(Input);
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var error = bar.Find("#" + input.GetAttribute("aria-describedby"));
        Assert.Equal("severity is one of low, medium, high, critical. (at character 26)", error.TextContent);
    }

    [Fact]
    public void TypedText_IsAppliedAsTyped()
    {
        (AlertQuery Query, string? Text)? applied = null;
        string? reported = null;
        var bar = Render<QueryBar>(p => p.Add(b => b.OnApply, ((AlertQuery Query, string? Text) a) => applied = a).Add(b => b.TextChanged, (string? t) => reported = t));

        bar.Find(Input).Input("severity:high");
        bar.Find("form").Submit();

        Assert.Equal("severity:high", reported);
        Assert.Equal("severity:high", applied?.Text);
    }

    [Fact]
    public void PartialFieldName_IsOfferedAsACompletion_AndPickingOneCompletesTheText()
    {
        string? text = null;
        var bar = Render<QueryBar>(p => p.Add(b => b.TextChanged, (string? t) => text = t));
        Assert.Empty(bar.FindAll("[role=listbox]"));
        Assert.Equal("false", bar.Find(Input).GetAttribute("aria-expanded"));
        // Closed, typing sends the server nothing but the input event.
        Assert.False(bar.Find(Input).HasAttribute("blazor:onkeydown"));

        bar.Find(Input).Input("brute sev");

        var input = bar.Find(Input);
        Assert.Equal("true", input.GetAttribute("aria-expanded"));
        Assert.True(input.HasAttribute("blazor:onkeydown"));
        Assert.Equal(bar.Find("[role=listbox]").Id, input.GetAttribute("aria-controls"));
        var suggestion = Assert.Single(bar.FindAll("[role=option]"));
        Assert.Equal("severity:", suggestion.TextContent);
        suggestion.Click();

        Assert.Equal("brute severity:", text);
        Assert.Equal("brute severity:", bar.Find(Input).GetAttribute("value"));
        // A completed field name goes on to its values.
        Assert.Equal(["low", "medium", "high", "critical"], bar.FindAll("[role=option]").Select(o => o.TextContent));
    }

    [Fact]
    public void FieldValues_AreOfferedFromTheVocabularyAndFromKnownValues_QuotedWhenNeeded()
    {
        var status = Render<QueryBar>();
        var rule = Render<QueryBar>(p => p.Add(b => b.KnownValues, f => f == AlertField.Rule ? ["WAF: SQL injection", "Brute force"] : []));

        status.Find(Input).Input("status:in");
        rule.Find(Input).Input("rule:WAF");

        Assert.Equal(["in-progress"], status.FindAll("[role=option]").Select(s => s.TextContent));
        Assert.Equal(["\"WAF: SQL injection\""], rule.FindAll("[role=option]").Select(s => s.TextContent));
    }

    [Fact]
    public void ArrowKeysMoveTheActiveOption_EnterAcceptsIt_AndEscapeCloses()
    {
        var applied = false;
        var bar = Render<QueryBar>(p => p.Add(b => b.OnApply, ((AlertQuery, string?) _) => applied = true));
        bar.Find(Input).Input("status:");

        bar.Find(Input).KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        bar.Find(Input).KeyDown(new KeyboardEventArgs { Key = "ArrowDown" });
        bar.Find(Input).KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });
        bar.Find(Input).KeyDown(new KeyboardEventArgs { Key = "ArrowUp" });

        var active = bar.Find("#" + bar.Find(Input).GetAttribute("aria-activedescendant"));
        Assert.Equal("closed", active.TextContent);
        Assert.Equal("true", active.GetAttribute("aria-selected"));
        bar.Find("form").Submit();

        Assert.False(applied);
        Assert.Equal("status:closed", bar.Find(Input).GetAttribute("value"));
        bar.Find(Input).Input("status:closed se");
        Assert.NotEmpty(bar.FindAll("[role=option]"));
        bar.Find(Input).KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(bar.FindAll("[role=listbox]"));
        Assert.Equal("false", bar.Find(Input).GetAttribute("aria-expanded"));
        Assert.Null(bar.Find(Input).GetAttribute("aria-activedescendant"));
    }

    [Fact]
    public void ReRenderWithTheSameText_KeepsWhatWasTyped_ButANewTextFromTheBoardReplacesIt()
    {
        var bar = Render<QueryBar>(p => p.Add(b => b.Text, "host:web-01"));
        bar.Find(Input).Input("host:web-01 AND sev");

        bar.Render(p => p.Add(b => b.Text, "host:web-01"));
        Assert.Equal("host:web-01 AND sev", bar.Find(Input).GetAttribute("value"));
        Assert.NotEmpty(bar.FindAll("[role=option]"));

        bar.Render(p => p.Add(b => b.Text, "host:web-01 AND user:\"bob\""));
        Assert.Equal("host:web-01 AND user:\"bob\"", bar.Find(Input).GetAttribute("value"));
        Assert.Empty(bar.FindAll("[role=listbox]"));
    }

    [Fact]
    public void Clear_EmptiesTheTextAndAppliesTheEmptyQuery()
    {
        (AlertQuery Query, string? Text)? applied = null;
        var text = "x";
        var bar = Render<QueryBar>(p => p.Add(b => b.Text, "host:web-01")
            .Add(b => b.TextChanged, (string? t) => text = t).Add(b => b.OnApply, ((AlertQuery Query, string? Text) a) => applied = a));

        bar.Find("button[aria-label=Clear]").Click();

        Assert.Null(text);
        Assert.True(applied?.Query.IsEmpty);
        Assert.Equal("", bar.Find(Input).GetAttribute("value"));
        Assert.Empty(bar.FindAll("button[aria-label=Clear]"));
    }
}
