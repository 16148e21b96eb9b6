using AngleSharp.Html.Parser;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>
/// A timeline entry other than a note as one piece of markup: its text encoded, people's text isolated, made once per
/// entry and shared by every page; a communication's message unfolded only where asked (the print view).
/// </summary>
public sealed class TimelineEntryMarkupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAlertEntry_IsItsSeverityTitleAndEntity_AsEncodedText()
    {
        var entry = new TimelineEntry(T0, TimelineKind.Alert, "<img src=x onerror=alert(1)>", null, "web-01", 7, Severity.Critical);

        var li = Parse(TimelineEntryMarkup.Html(entry).Html);

        Assert.Equal("timeline-entry timeline-alert", li.ClassName);
        Assert.Equal("Alert", li.GetAttribute("data-kind"));
        Assert.Equal("2026-12-01T09:00:00.0000000Z", li.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("critical", li.QuerySelector(".severity-chip.severity-critical")!.TextContent);
        Assert.Equal("<img src=x onerror=alert(1)>", li.QuerySelector(".timeline-title")!.TextContent);
        Assert.Equal(" on web-01", li.QuerySelector(".timeline-entity")!.TextContent);
        Assert.Null(li.QuerySelector("img"));
    }

    [Fact]
    public void AChange_SaysWhoMadeIt_InAnIsolatedName()
    {
        var entry = new TimelineEntry(T0, TimelineKind.Change, "Status: Open → In progress", "<b>bo</b>\u202E", null);

        var li = Parse(TimelineEntryMarkup.Html(entry).Html);

        Assert.Equal("Status: Open → In progress", li.QuerySelector(".timeline-title")!.TextContent);
        Assert.Equal("by <b>bo</b>\uFFFD", li.QuerySelector(".timeline-who")!.TextContent);
        Assert.Equal("<b>bo</b>\uFFFD", li.QuerySelector(".timeline-who bdi")!.TextContent);
        Assert.Null(li.QuerySelector(".timeline-who b"));
    }

    [Fact]
    public void TheSameEntry_GetsTheSameMarkup_OnEveryPage()
    {
        var entry = new TimelineEntry(T0, TimelineKind.Event, "Server pulled", "bo", null);

        Assert.Same(TimelineEntryMarkup.Html(entry), TimelineEntryMarkup.Html(entry));
        Assert.NotSame(TimelineEntryMarkup.Html(entry), TimelineEntryMarkup.Html(entry with { }));
    }

    [Fact]
    public void ACommunicationsMessage_IsFolded_ExceptWhereMessagesShowOpen()
    {
        var entry = new TimelineEntry(T0, TimelineKind.Communication, "Email to <i>DPA</i>", "bo", "Dear <script>x</script>\nregards");

        var folded = Parse(TimelineEntryMarkup.Html(entry).Html);
        var open = Parse(TimelineEntryMarkup.Html(entry, openMessages: true).Html);

        Assert.False(folded.QuerySelector("details.timeline-message")!.HasAttribute("open"));
        Assert.True(open.QuerySelector("details.timeline-message")!.HasAttribute("open"));
        Assert.Equal("Dear <script>x</script>\nregards", open.QuerySelector(".communication-text bdi")!.TextContent);
        Assert.Equal("recorded by bo", open.QuerySelector(".timeline-who")!.TextContent);
        Assert.Null(open.QuerySelector("script"));
        Assert.Null(open.QuerySelector("i"));
    }

    [Fact]
    public void ANote_IsRefused_ItsTextRendersThroughSafeMarkdownOnly() =>
        Assert.Throws<ArgumentException>(() => TimelineEntryMarkup.Html(new TimelineEntry(T0, TimelineKind.Note, "Note", "cy", "**x**")));

    private static AngleSharp.Dom.IElement Parse(string html)
    {
        var document = new HtmlParser().ParseDocument("<ol>" + html + "</ol>");
        var items = document.QuerySelectorAll("ol > li");
        Assert.Single(items);
        return items[0];
    }
}
