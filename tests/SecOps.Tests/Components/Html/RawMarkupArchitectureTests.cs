using System.Text.RegularExpressions;
using SecOps.Tests.Support;

namespace SecOps.Tests.Components.Html;

/// <summary>
/// Raw markup is written in two places only: the HTML writer (src/SecOps.Web/Components/Html) and the SafeMarkdown
/// component's markup (src/SecOps.Web/Components/Shared/SafeMarkdown.razor, sanitized Markdown). Anywhere else a <c>MarkupString</c> or a markup frame could carry attacker-controlled text
/// into the page as HTML, and browser scripts must not parse strings as HTML either.
/// </summary>
public sealed partial class RawMarkupArchitectureTests
{
    [Fact]
    public void NoSourceFileOutsideTheWriterAndSafeMarkdown_WritesRawMarkup()
    {
        var root = SharedFixtures.RepositoryRoot;
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !IsBuildOutput(f))
            .ToList();

        var offenders = files.Where(f => !IsAllowed(root, f)).SelectMany(f => RawMarkupUses(File.ReadAllText(f)).Select(use => $"{Path.GetRelativePath(root, f)}: {use}")).ToList();

        // Guards against a scan that finds nothing to look at and so passes over everything.
        Assert.True(files.Count > 100, $"only {files.Count} source files found under {root}/src");
        Assert.Empty(offenders);
    }

    [Fact]
    public void NoBrowserScript_ParsesStringsAsHtml()
    {
        var root = SharedFixtures.RepositoryRoot;
        var scripts = Directory.EnumerateFiles(Path.Combine(root, "wwwroot", "js"), "*.js", SearchOption.AllDirectories).ToList();

        var offenders = scripts.SelectMany(f => HtmlSinks().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}")).ToList();

        Assert.NotEmpty(scripts);
        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("@((MarkupString)alert.RuleName)")]
    [InlineData("builder.AddMarkupContent(0, html);")]
    [InlineData("var m = new MarkupString(text);")]
    [InlineData("if (frame.FrameType == RenderTreeFrameType.Markup) { }")]
    public void TheScan_FindsEachFormOfRawMarkup(string source) => Assert.NotEmpty(RawMarkupUses(source));

    [Fact]
    public void TheScan_PassesOrdinaryRendering() =>
        Assert.Empty(RawMarkupUses("<span class=\"x\">@alert.RuleName</span> @AlertRowMarkup.Render(row) builder.AddContent(1, text);"));

    private static IEnumerable<string> RawMarkupUses(string source) => RawMarkup().Matches(source).Select(m => m.Value);

    private static bool IsAllowed(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return relative.StartsWith("src/SecOps.Web/Components/Html/", StringComparison.Ordinal)
            || relative == "src/SecOps.Web/Components/Shared/SafeMarkdown.razor";
    }

    private static bool IsBuildOutput(string file)
    {
        var parts = file.Replace('\\', '/').Split('/');
        return parts.Contains("obj") || parts.Contains("bin");
    }

    [GeneratedRegex(@"MarkupString|AddMarkupContent|RenderTreeFrameType\.Markup")]
    private static partial Regex RawMarkup();

    [GeneratedRegex(@"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser")]
    private static partial Regex HtmlSinks();
}
