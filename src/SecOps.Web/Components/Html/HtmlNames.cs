using System.Collections.Frozen;

namespace SecOps.Web.Components.Html;

/// <summary>The elements hand-written HTML may use.</summary>
public enum HtmlTag
{
    Div,
    Span,
    Time,
    Svg,
    Li,
    Bdi,
    Details,
    Summary,
}

/// <summary>
/// The attributes hand-written HTML may carry: none that runs script or loads anything (no event handlers, href, src
/// or style), so an encoded value is inert wherever it lands.
/// </summary>
public enum HtmlAttribute
{
    Title,
    Role,
    AriaSelected,
    AriaChecked,
    AriaLabel,
    AriaHidden,
    Focusable,
    ViewBox,
    DataAlertId,
    DataAgeSince,
    DataSlaDeadline,
    DataSlaWarn,
    DataKind,
    DateTime,
    Open,
}

internal static class Names
{
    private static readonly FrozenDictionary<HtmlTag, string> Tags = new Dictionary<HtmlTag, string>
    {
        [HtmlTag.Div] = "div",
        [HtmlTag.Span] = "span",
        [HtmlTag.Time] = "time",
        [HtmlTag.Svg] = "svg",
        [HtmlTag.Li] = "li",
        [HtmlTag.Bdi] = "bdi",
        [HtmlTag.Details] = "details",
        [HtmlTag.Summary] = "summary",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<HtmlAttribute, string> Attributes = new Dictionary<HtmlAttribute, string>
    {
        [HtmlAttribute.Title] = "title",
        [HtmlAttribute.Role] = "role",
        [HtmlAttribute.AriaSelected] = "aria-selected",
        [HtmlAttribute.AriaChecked] = "aria-checked",
        [HtmlAttribute.AriaLabel] = "aria-label",
        [HtmlAttribute.AriaHidden] = "aria-hidden",
        [HtmlAttribute.Focusable] = "focusable",
        [HtmlAttribute.ViewBox] = "viewBox",
        [HtmlAttribute.DataAlertId] = "data-alert-id",
        [HtmlAttribute.DataAgeSince] = "data-age-since",
        [HtmlAttribute.DataSlaDeadline] = "data-sla-deadline",
        [HtmlAttribute.DataSlaWarn] = "data-sla-warn",
        [HtmlAttribute.DataKind] = "data-kind",
        [HtmlAttribute.DateTime] = "datetime",
        [HtmlAttribute.Open] = "open",
    }.ToFrozenDictionary();

    public static string Of(HtmlTag tag) => Tags[tag];

    public static string Of(HtmlAttribute attribute) => Attributes[attribute];
}
