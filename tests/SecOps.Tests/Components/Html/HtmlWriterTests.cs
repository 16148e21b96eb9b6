using SecOps.Web.Components.Html;
using SecOps.Web.Components.Shared;

namespace SecOps.Tests.Components.Html;

public sealed class HtmlWriterTests
{
    private const string Hostile = "\"'><img src=x onerror=alert(1)><!-- &amp;";

    [Fact]
    public void TextAndAttributeValues_AreEncoded()
    {
        var html = new HtmlWriter().Open(HtmlTag.Span, CssClass.Of("alert-rule")).Attribute(HtmlAttribute.Title, Hostile).Text(Hostile).Close().ToSafeHtml().Html;

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"'>", html, StringComparison.Ordinal);
        Assert.StartsWith("<span class=\"alert-rule\" title=\"&quot;&#x27;&gt;&lt;img", html, StringComparison.Ordinal);
        Assert.EndsWith("&lt;!-- &amp;amp;</span>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("critical", "severity-critical")]
    [InlineData("low", "severity-low")]
    [InlineData("CRITICAL", "severity-unknown")]
    [InlineData("x\" onclick=\"alert(1)", "severity-unknown")]
    [InlineData("high evil", "severity-unknown")]
    [InlineData(null, "severity-unknown")]
    public void SeverityClasses_ComeFromTheVocabulary_UnknownValuesMapToOneFixedClass(string? severity, string expected) =>
        Assert.Equal(expected, CssClass.Severity(severity).ToString());

    [Theory]
    [InlineData("in-progress", "status-in-progress")]
    [InlineData("closed", "status-closed")]
    [InlineData("pwned\"><script>", "status-unknown")]
    [InlineData("", "status-unknown")]
    public void StatusClasses_ComeFromTheVocabulary_UnknownValuesMapToOneFixedClass(string status, string expected) =>
        Assert.Equal(expected, CssClass.Status(status).ToString());

    [Fact]
    public void EnumClasses_UseTheNameOfADefinedValue_AndUnknownForAnyOther()
    {
        Assert.Equal("tag-span", CssClass.For("tag", HtmlTag.Span).ToString());
        Assert.Equal("tag-unknown", CssClass.For("tag", (HtmlTag)99).ToString());
    }

    [Theory]
    [InlineData("a\" onclick=\"x")]
    [InlineData("A")]
    [InlineData("two  spaces")]
    [InlineData("")]
    [InlineData("x>")]
    public void ConstantClasses_RefuseAnythingButPlainClassNames(string value) =>
        Assert.Throws<ArgumentException>(() => CssClass.Of(value));

    [Fact]
    public void ClassesThatDoNotApply_AreLeftOut_AndAnElementWithNoneHasNoClassAttribute()
    {
        var html = new HtmlWriter()
            .Open(HtmlTag.Div, CssClass.Of("alert-row"), CssClass.When(false, "selected"), CssClass.When(true, "checked")).Close()
            .Open(HtmlTag.Span, CssClass.None).Close()
            .ToSafeHtml().Html;

        Assert.Equal("<div class=\"alert-row checked\"></div><span></span>", html);
    }

    [Fact]
    public void Icons_AreMudBlazorsConstantSvg_Hidden_FromAssistiveTechnology()
    {
        var html = new HtmlWriter().Icon(ChromeIcon.Search, CssClass.Of("mud-icon-root")).ToSafeHtml().Html;

        Assert.StartsWith("<svg class=\"mud-icon-root\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">", html, StringComparison.Ordinal);
        Assert.Contains(MudBlazor.Icons.Material.Filled.Search, html, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UnbalancedMarkup_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new HtmlWriter().Open(HtmlTag.Div).ToSafeHtml());
        Assert.Throws<InvalidOperationException>(() => new HtmlWriter().Close());
        Assert.Throws<InvalidOperationException>(() => new HtmlWriter().Open(HtmlTag.Div).Text("x").Attribute(HtmlAttribute.Title, "late"));
    }
}
