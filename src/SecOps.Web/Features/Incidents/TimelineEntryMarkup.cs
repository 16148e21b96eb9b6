using System.Runtime.CompilerServices;
using SecOps.Web.Components.Html;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// A timeline entry other than a note as one piece of markup, written by <see cref="HtmlWriter"/> (every title, entity,
/// name and message is attacker- or people-written, so all of it is encoded). Written as elements, an entry was about 15
/// render-tree frames, held twice by the virtualised list of every open page (160 KB a page with 10,000 entries); as
/// markup it is one frame, and the markup itself is made once per entry and shared by every page showing that entry
/// (the pages of one incident share their entries, <see cref="TimelineCache"/>). Notes are not written here: their text
/// renders through SafeMarkdown only.
/// </summary>
public static class TimelineEntryMarkup
{
    private static readonly CssClass Entry = CssClass.Of("timeline-entry");
    private static readonly CssClass What = CssClass.Of("timeline-what");
    private static readonly CssClass Title = CssClass.Of("timeline-title");
    private static readonly CssClass Entity = CssClass.Of("timeline-entity");
    private static readonly CssClass Who = CssClass.Of("timeline-who");
    private static readonly CssClass SeverityChip = CssClass.Of("severity-chip");
    private static readonly CssClass Message = CssClass.Of("timeline-message");
    private static readonly CssClass MessageText = CssClass.Of("communication-text");

    // Kept as long as the entry lives; a page that shows messages open (the print view) gets markup of its own.
    private static readonly ConditionalWeakTable<TimelineEntry, SafeHtml> Shared = [];

    /// <summary>The entry's list item; <paramref name="openMessages"/> shows a communication's text unfolded.</summary>
    public static SafeHtml Html(TimelineEntry entry, bool openMessages = false)
    {
        if (entry.Kind == TimelineKind.Note)
        {
            throw new ArgumentException("A note's text renders through SafeMarkdown, not as hand-written markup.", nameof(entry));
        }
        return openMessages && entry.Kind == TimelineKind.Communication
            ? Write(entry, openMessages: true)
            : Shared.GetValue(entry, e => Write(e, openMessages: false));
    }

    private static SafeHtml Write(TimelineEntry entry, bool openMessages)
    {
        var html = new HtmlWriter(320);
        html.Open(HtmlTag.Li, Entry, CssClass.For("timeline", entry.Kind)).Attribute(HtmlAttribute.DataKind, entry.Kind.ToString());
        html.Open(HtmlTag.Time).Attribute(HtmlAttribute.DateTime, entry.At.UtcDateTime.ToString("O")).Text(IncidentTime.Format(entry.At)).Close();
        html.Open(HtmlTag.Span, What);
        switch (entry.Kind)
        {
            case TimelineKind.Alert:
                var severity = AlertVocabulary.ToWire(entry.Severity ?? Severity.Low);
                html.Open(HtmlTag.Span, SeverityChip, CssClass.Severity(severity)).Attribute(HtmlAttribute.Title, "Severity: " + severity).Text(severity).Close();
                html.Element(HtmlTag.Span, Title, DisplayTextOf(entry.Title));
                if (entry.Text is { } entity)
                {
                    html.Element(HtmlTag.Span, Entity, " on " + DisplayTextOf(entity));
                }
                html.Close();
                break;
            case TimelineKind.AuditEvent:
                // The summary already names who acted on which host.
                html.Element(HtmlTag.Span, Title, DisplayTextOf(entry.Title)).Close();
                break;
            case TimelineKind.Notification or TimelineKind.Communication:
                html.Open(HtmlTag.Span, Title);
                Person(html, entry.Title);
                html.Close().Text(" ").Open(HtmlTag.Span, Who).Text("recorded by ");
                Person(html, entry.Who);
                html.Close().Close();
                if (entry.Kind == TimelineKind.Communication && entry.Text is { } message)
                {
                    // What was sent, as sent: plain text (line breaks kept by CSS), never markup.
                    html.Open(HtmlTag.Details, Message);
                    if (openMessages)
                    {
                        html.Attribute(HtmlAttribute.Open, "");
                    }
                    html.Element(HtmlTag.Summary, CssClass.None, "Message").Open(HtmlTag.Div, MessageText);
                    Person(html, message, multiline: true);
                    html.Close().Close();
                }
                break;
            default:
                html.Element(HtmlTag.Span, Title, entry.Title).Text(" ").Open(HtmlTag.Span, Who).Text("by ");
                Person(html, entry.Who);
                html.Close().Close();
                break;
        }
        return html.Close().ToSafeHtml();
    }

    /// <summary>People's text as <c>UserText</c> renders it: cleaned, and isolated so it cannot reorder what stands around it.</summary>
    private static void Person(HtmlWriter html, string? text, bool multiline = false) =>
        html.Element(HtmlTag.Bdi, CssClass.None, DisplayText.CleanUserText(text, multiline: multiline));

    private static string? DisplayTextOf(string? value) => DisplayText.Clean(value, DisplayText.ShortField);
}
