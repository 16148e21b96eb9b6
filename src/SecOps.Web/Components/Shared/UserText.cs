using Microsoft.AspNetCore.Components;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// Text a person entered (a name, a view name, a reason, a comment), shown among the app's own words: cleaned of
/// control and bidi formatting characters like alert fields (<see cref="DisplayText.CleanUserText"/>), and isolated in
/// a <c>&lt;bdi&gt;</c>, so even right-to-left letters cannot reorder what stands around it ("shared by", "assigned to").
/// A fragment, not a component: menus and lists show many of these.
/// </summary>
public static class UserText
{
    /// <param name="multiline">Keeps line breaks (comments, notes); CSS decides whether they show.</param>
    /// <param name="breakable">A name that may be an email: it wraps at '@' and dots (<see cref="BreakableText"/>).</param>
    public static RenderFragment Render(string? text, bool multiline = false, bool breakable = false) => builder =>
    {
        var clean = DisplayText.CleanUserText(text, multiline: multiline);
        builder.OpenElement(0, "bdi");
        if (breakable)
        {
            builder.AddContent(1, BreakableText.Render(clean));
        }
        else
        {
            builder.AddContent(2, clean);
        }
        builder.CloseElement();
    };

    /// <summary>Several names, each isolated on its own, separated by commas.</summary>
    public static RenderFragment List(IEnumerable<string> names) => builder =>
    {
        var first = true;
        foreach (var name in names)
        {
            if (!first)
            {
                builder.AddContent(0, ", ");
            }
            first = false;
            builder.OpenElement(1, "bdi");
            builder.AddContent(2, DisplayText.CleanUserText(name));
            builder.CloseElement();
        }
    };
}
