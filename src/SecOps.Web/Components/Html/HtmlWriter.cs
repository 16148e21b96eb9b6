using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using SecOps.Web.Components.Shared;

namespace SecOps.Web.Components.Html;

/// <summary>
/// The one way to write HTML by hand, for hot paths where components or element frames cost too much (board rows,
/// chrome icons). It offers only what cannot carry markup from data: element and attribute names from fixed lists,
/// class names as <see cref="CssClass"/> (constants or vocabulary values; unknown values map to a fixed class),
/// encoded text, encoded attribute values, and MudBlazor's constant icon paths. Every alert field is attacker-controlled,
/// so no method takes a string that is written out unencoded.
/// </summary>
public sealed class HtmlWriter(int capacity = 256)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _html = new(capacity);
    private readonly Stack<HtmlTag> _open = new();
    private bool _startTagOpen;

    /// <summary>Starts an element; attributes may follow until content or the end tag.</summary>
    public HtmlWriter Open(HtmlTag tag, params ReadOnlySpan<CssClass> classes)
    {
        EndStartTag();
        _html.Append('<').Append(Names.Of(tag));
        var first = true;
        foreach (var cssClass in classes)
        {
            if (cssClass.IsEmpty)
            {
                continue;
            }
            _html.Append(first ? " class=\"" : " ").Append(cssClass.Name);
            first = false;
        }
        if (!first)
        {
            _html.Append('"');
        }
        _open.Push(tag);
        _startTagOpen = true;
        return this;
    }

    /// <summary>An attribute on the element just opened; the value is encoded for a double-quoted attribute.</summary>
    public HtmlWriter Attribute(HtmlAttribute name, string value)
    {
        if (!_startTagOpen)
        {
            throw new InvalidOperationException($"The attribute {Names.Of(name)} must follow the element it belongs to.");
        }
        _html.Append(' ').Append(Names.Of(name)).Append("=\"").Append(Encoder.Encode(value)).Append('"');
        return this;
    }

    public HtmlWriter Attribute(HtmlAttribute name, long value) => Attribute(name, value.ToString(CultureInfo.InvariantCulture));

    public HtmlWriter Attribute(HtmlAttribute name, bool value) => Attribute(name, value ? "true" : "false");

    /// <summary>Text content, encoded.</summary>
    public HtmlWriter Text(string? text)
    {
        EndStartTag();
        _html.Append(Encoder.Encode(text ?? ""));
        return this;
    }

    /// <summary>An element holding only text: <c>&lt;tag class&gt;text&lt;/tag&gt;</c>.</summary>
    public HtmlWriter Element(HtmlTag tag, CssClass cssClass, string? text) => Open(tag, cssClass).Text(text).Close();

    /// <summary>One of the chrome icons as an inline SVG; its path is MudBlazor's constant, chosen by the enum.</summary>
    public HtmlWriter Icon(ChromeIcon icon, params ReadOnlySpan<CssClass> classes)
    {
        Open(HtmlTag.Svg, classes).Attribute(HtmlAttribute.Focusable, false).Attribute(HtmlAttribute.ViewBox, "0 0 24 24").Attribute(HtmlAttribute.AriaHidden, true);
        EndStartTag();
        _html.Append(IconMarkup.PathOf(icon));
        return Close();
    }

    /// <summary>Ends the innermost open element.</summary>
    public HtmlWriter Close()
    {
        EndStartTag();
        _html.Append("</").Append(Names.Of(_open.Pop())).Append('>');
        return this;
    }

    /// <summary>The finished markup; every element must be closed.</summary>
    public SafeHtml ToSafeHtml()
    {
        if (_open.Count > 0)
        {
            throw new InvalidOperationException($"The element {Names.Of(_open.Peek())} is still open.");
        }
        return new SafeHtml(_html.ToString());
    }

    private void EndStartTag()
    {
        if (_startTagOpen)
        {
            _html.Append('>');
            _startTagOpen = false;
        }
    }
}
