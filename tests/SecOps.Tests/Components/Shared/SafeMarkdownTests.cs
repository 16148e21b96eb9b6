using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Components.Shared;

namespace SecOps.Tests.Components.Shared;

/// <summary>Notes are attacker-controlled: whatever is written, the rendered DOM carries no script, handler, style or foreign scheme.</summary>
public sealed class SafeMarkdownTests : ComponentTest
{
    public static TheoryData<string> Payloads =>
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](https://tracker.example/pixel.png)",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "[x](https://ok.example \"title\" onclick=alert(1))",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<form action=\"https://evil.example\"><input name=password></form>",
        "``<script>`` and `<img src=x onerror=alert(1)>`",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<details open ontoggle=alert(1)>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void HostileMarkdown_RendersNoActiveContent(string text)
    {
        var rendered = Render<SafeMarkdown>(p => p.Add(m => m.Text, text));

        var all = rendered.FindAll("*").ToList();
        Assert.Empty(rendered.FindAll("script, iframe, img, svg, math, style, form, input, object, embed, base, meta, link, details, div div"));
        foreach (var element in all)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{element.TagName} has {attribute.Name}");
                Assert.NotEqual("style", attribute.Name);
                Assert.NotEqual("src", attribute.Name);
            }
        }
        foreach (var link in rendered.FindAll("a[href]"))
        {
            var href = link.GetAttribute("href")!;
            Assert.True(href.StartsWith("http://", StringComparison.Ordinal) || href.StartsWith("https://", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal),
                $"link to {href}");
        }
        // Raw HTML in the text stays visible text (it may read "javascript:"); no attribute carries a script URL.
        Assert.All(all.SelectMany(e => e.Attributes), a => Assert.DoesNotContain("script:", a.Value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void RawHtml_StaysVisibleText()
    {
        var rendered = Render<SafeMarkdown>(p => p.Add(m => m.Text, "see <b>this</b>"));

        Assert.Empty(rendered.FindAll("b"));
        Assert.Equal("see <b>this</b>", rendered.Find(".safe-markdown").TextContent.Trim());
    }

    [Fact]
    public void Formatting_AndSafeLinks_AreKept_AndLinksOpenWithoutReferrer()
    {
        var rendered = Render<SafeMarkdown>(p => p.Add(m => m.Text, "**Blocked** at the *WAF*:\n- `10.0.0.1`\n- see [runbook](https://wiki.example/waf) or <mailto:soc@example.test>"));

        Assert.Equal("Blocked", rendered.Find("strong").TextContent);
        Assert.Equal("WAF", rendered.Find("em").TextContent);
        Assert.Equal("10.0.0.1", rendered.Find("li code").TextContent);
        var links = rendered.FindAll("a");
        Assert.Equal(["https://wiki.example/waf", "mailto:soc@example.test"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("noopener noreferrer nofollow", a.GetAttribute("rel")));
    }

    [Fact]
    public void BidiAndControlCharacters_AreReplaced_LineBreaksKept()
    {
        var rendered = Render<SafeMarkdown>(p => p.Add(m => m.Text, "evil\u202Egpj.exe\u0007\nnext line"));

        var text = rendered.Find(".safe-markdown").TextContent;
        Assert.DoesNotContain('\u202E', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.Contains("evil\uFFFDgpj.exe\uFFFD", text);
        Assert.Single(rendered.FindAll("br"));
    }
}
