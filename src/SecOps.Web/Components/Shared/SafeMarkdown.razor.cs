using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// Renders Markdown written by people (notes are attacker-controlled like every alert field): control and bidi
/// characters are replaced first, Markdig runs with raw HTML disabled (HTML in the text stays text), and HtmlSanitizer
/// then keeps only plain formatting elements, no attributes but a link's href and title, links only to http, https
/// and mailto, no images, styles, classes or data attributes. Links open without a referrer or opener.
/// </summary>
public sealed partial class SafeMarkdown
{
    /// <summary>The longest text rendered; the rest is cut (notes are capped well below this when stored).</summary>
    public const int MaxLength = 20_000;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // The HTML of a text instance, made once and kept as long as the text lives: pages that share a timeline share its
    // notes' strings, so every open page of an incident holds one copy of each note's HTML rather than one of its own.
    private static readonly ConditionalWeakTable<string, string> Rendered = new();

    private string _html = "";
    private string? _rendered;

    [Parameter, EditorRequired] public string? Text { get; set; }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(Text, _rendered))
        {
            _rendered = Text;
            _html = Text is null ? "" : Rendered.GetValue(Text, ToHtml);
        }
    }

    /// <summary>The sanitized HTML for a piece of Markdown (public for tests).</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var html = Markdown.ToHtml(Clean(markdown), Pipeline);
        return Sanitizer.Sanitize(html);
    }

    /// <summary>Control and bidi characters become U+FFFD, as in every display string; line breaks and tabs stay.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            builder.Append(c is '\n' or '\t' || !DisplayText.IsUnsafe(c) ? c : c == '\r' ? '\n' : DisplayText.Replacement);
        }
        return builder.ToString();
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(
                ["p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr"],
                StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "title"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowDataAttributes = false,
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IHtmlAnchorElement link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
