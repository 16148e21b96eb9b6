using Microsoft.AspNetCore.Components;

namespace SecOps.Web.Components.Shared;

/// <summary>
/// A Material icon as an inline SVG in the caller's render tree, for the always-present chrome (app bar, board
/// toolbar) where a MudIcon component per icon costs every circuit its own render buffers. The markup is one of
/// MudBlazor's constant icon paths, never data.
/// </summary>
public static class IconMarkup
{
    public static RenderFragment Svg(string icon, string size = "medium") => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", $"mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-{size}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
