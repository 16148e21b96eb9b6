using System.Collections.Frozen;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace SecOps.Web.Components.Shared;

/// <summary>The icons the always-present chrome draws without a component.</summary>
public enum ChromeIcon
{
    Menu,
    LightMode,
    DarkMode,
    Logout,
    Dashboard,
    Alerts,
    Suppressions,
    Keyboard,
    Viewing,
    ArrowDropDown,
    Search,
    Clear,
    CheckBox,
    CheckBoxBlank,
}

/// <summary>
/// A Material icon as an inline SVG in the caller's render tree, for the always-present chrome (app bar, board toolbar,
/// rows) where a MudIcon component per icon costs every circuit its own render buffers. The markup can only be one of
/// MudBlazor's constant icon paths, chosen by <see cref="ChromeIcon"/>: no string from elsewhere reaches it.
/// </summary>
public static class IconMarkup
{
    private static readonly FrozenDictionary<ChromeIcon, string> Paths = new Dictionary<ChromeIcon, string>
    {
        [ChromeIcon.Menu] = Icons.Material.Filled.Menu,
        [ChromeIcon.LightMode] = Icons.Material.Filled.LightMode,
        [ChromeIcon.DarkMode] = Icons.Material.Filled.DarkMode,
        [ChromeIcon.Logout] = Icons.Material.Filled.Logout,
        [ChromeIcon.Dashboard] = Icons.Material.Filled.Dashboard,
        [ChromeIcon.Alerts] = Icons.Material.Filled.NotificationsActive,
        [ChromeIcon.Suppressions] = Icons.Material.Filled.NotificationsOff,
        [ChromeIcon.Keyboard] = Icons.Material.Outlined.Keyboard,
        [ChromeIcon.Viewing] = Icons.Material.Filled.Visibility,
        [ChromeIcon.ArrowDropDown] = Icons.Material.Filled.ArrowDropDown,
        [ChromeIcon.Search] = Icons.Material.Filled.Search,
        [ChromeIcon.Clear] = Icons.Material.Filled.Clear,
        [ChromeIcon.CheckBox] = Icons.Material.Filled.CheckBox,
        [ChromeIcon.CheckBoxBlank] = Icons.Material.Filled.CheckBoxOutlineBlank,
    }.ToFrozenDictionary();

    public static RenderFragment Svg(ChromeIcon icon, string size = "medium") => builder => Write(builder, icon, $"mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-{size}");

    public static void Write(RenderTreeBuilder builder, ChromeIcon icon, string cssClass)
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", cssClass);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, Paths[icon]);
        builder.CloseElement();
    }

    /// <summary>The same SVG as HTML, for lines written as one piece of markup. The class is a constant of the caller's.</summary>
    public static string Html(ChromeIcon icon, string cssClass) =>
        $"<svg class=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(cssClass)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{Paths[icon]}</svg>";
}
