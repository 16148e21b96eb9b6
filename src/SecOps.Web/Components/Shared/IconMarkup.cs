using System.Collections.Frozen;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SecOps.Web.Components.Html;

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
    Incidents,
    Compliance,
    Playbooks,
    Reports,
    Audit,
    Users,
    ApiKeys,
    Approvals,
    Erasure,
    Teams,
    Retention,
    AccessReviews,
    Automation,
    Roles,
    Outbound,
}

/// <summary>
/// A Material icon as an inline SVG in the caller's render tree, for the always-present chrome (app bar, board toolbar,
/// rows) where a MudIcon component per icon costs every circuit its own render buffers. The markup can only be one of
/// MudBlazor's constant icon paths, chosen by <see cref="ChromeIcon"/>, written by <see cref="HtmlWriter"/>.
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
        [ChromeIcon.Incidents] = Icons.Material.Filled.Report,
        [ChromeIcon.Compliance] = Icons.Material.Filled.Assessment,
        [ChromeIcon.Playbooks] = Icons.Material.Filled.MenuBook,
        [ChromeIcon.Reports] = Icons.Material.Filled.Summarize,
        [ChromeIcon.Audit] = Icons.Material.Filled.Policy,
        [ChromeIcon.Users] = Icons.Material.Filled.People,
        [ChromeIcon.ApiKeys] = Icons.Material.Filled.VpnKey,
        [ChromeIcon.Approvals] = Icons.Material.Filled.HowToReg,
        [ChromeIcon.Erasure] = Icons.Material.Filled.PersonRemove,
        [ChromeIcon.Teams] = Icons.Material.Filled.Groups,
        [ChromeIcon.AccessReviews] = Icons.Material.Filled.FactCheck,
        [ChromeIcon.Roles] = Icons.Material.Filled.AdminPanelSettings,
        [ChromeIcon.Retention] = Icons.Material.Filled.AutoDelete,
        [ChromeIcon.Automation] = Icons.Material.Filled.AutoMode,
        [ChromeIcon.Outbound] = Icons.Material.Filled.Outbound,
    }.ToFrozenDictionary();

    /// <summary>The icon with MudBlazor's icon classes at a size (small, medium, large).</summary>
    public static RenderFragment Svg(ChromeIcon icon, string size = "medium") => Fragment(icon, $"mud-icon-root mud-svg-icon mud-inherit-text mud-icon-size-{size}");

    /// <summary>The icon with the caller's own constant classes, written once: the fragment adds the same markup on every render.</summary>
    public static RenderFragment Fragment(ChromeIcon icon, string cssClass) =>
        new HtmlWriter(512).Icon(icon, CssClass.Of(cssClass)).ToSafeHtml().Fragment;

    /// <summary>The icon's SVG content; only <see cref="HtmlWriter"/> writes it out.</summary>
    internal static string PathOf(ChromeIcon icon) => Paths[icon];
}
