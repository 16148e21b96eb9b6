using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Components.Shared;

namespace SecOps.Tests.Components.Shared;

public sealed class BreakableTextTests : ComponentTest
{
    [Theory]
    [InlineData("firstname.lastname@corp.example.com", new[] { "firstname", ".lastname@", "corp", ".example", ".com" })]
    [InlineData("https://portal.example/login?next=/admin", new[] { "https://", "portal", ".example/", "login", "?next", "=/", "admin" })]
    [InlineData("web-prod-01", new[] { "web-prod-01" })]
    [InlineData("..hidden", new[] { "..hidden" })]
    public void Pieces_EndWhereALineMayBreak_AndJoinBackToTheText(string text, string[] expected)
    {
        var pieces = BreakableText.Pieces(text);

        Assert.Equal(expected, pieces);
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public void Render_WritesTheTextWithAWbrAtEachBreak_AsTextNeverMarkup()
    {
        var rendered = Render(BreakableText.Render("<b>ana@corp.example"));

        Assert.Empty(rendered.FindAll("b"));
        Assert.Equal(2, rendered.FindAll("wbr").Count);
        Assert.Equal("<b>ana@corp.example", rendered.Nodes.Select(n => n.TextContent).Aggregate(string.Concat));
    }
}
