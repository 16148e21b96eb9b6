using Microsoft.AspNetCore.Components;

namespace SecOps.Web.Components.Html;

/// <summary>
/// Markup made by <see cref="HtmlWriter"/>, the only markup frames the app renders besides SafeMarkdown's: only the
/// writer constructs one, so holding a <see cref="SafeHtml"/> means every piece of data in it was encoded.
/// </summary>
public sealed class SafeHtml
{
    internal SafeHtml(string html)
    {
        Html = html;
        // Built once: a fragment rendered on every board re-render allocates nothing new.
        Fragment = builder => builder.AddMarkupContent(0, html);
    }

    public string Html { get; }

    /// <summary>The markup as one frame in the caller's render tree.</summary>
    public RenderFragment Fragment { get; }

    public override string ToString() => Html;
}
