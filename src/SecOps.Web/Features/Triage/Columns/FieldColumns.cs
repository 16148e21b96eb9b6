using SecOps.Web.Components.Html;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage.Columns;

/// <summary>One mapped alert field the field browser can add to the board as a column.</summary>
/// <param name="Key">The field's ECS name, also its key in the person's saved columns.</param>
/// <param name="Time">For a time field: the instant, shown in the person's zone.</param>
public sealed record FieldColumn(string Key, string Title, string Description, Func<AlertView, string?>? Text = null, Func<AlertView, DateTimeOffset?>? Time = null)
{
    /// <summary>The cell's text: a time in the zone, else the field's value (an empty field shows a dash).</summary>
    public string Value(AlertView alert, TimeZoneInfo zone) =>
        Time is not null ? Time(alert) is { } at ? TimeZones.Format(at, zone) : "—"
        : Text!(alert) is { Length: > 0 } text ? text : "—";
}

/// <summary>
/// The alert fields the board can show beyond its fixed and optional columns: every field of the alert model (what the
/// ingest maps from the source's flattened document), by its ECS name. Field columns follow the board's other columns,
/// in this order; their cells are written by <see cref="HtmlWriter"/> as encoded text, with the whole value in the title.
/// </summary>
public static class FieldColumns
{
    public static readonly IReadOnlyList<FieldColumn> All =
    [
        new("@timestamp", "Time", "When the detection fired (the alert's @timestamp), in your time zone", Time: a => a.AlertTime),
        new("kibana.alert.original_time", "Event time", "When the underlying event happened (original time), in your time zone", Time: a => a.EventTime),
        new("event.ingested", "Ingested", "When SecOps stored the alert, in your time zone", Time: a => a.IngestedAt),
        new("user.name", "User", "The user the alert names", a => a.UserName),
        new("host.name", "Host", "The host the alert names", a => a.HostName),
        new("source.ip", "Source IP", "The source address", a => a.SourceIp),
        new("destination.ip", "Destination IP", "The destination address", a => a.DestinationIp),
        new("threat.technique.name", "Technique", "MITRE ATT&CK technique", a => a.MitreTechnique),
        new("event.category", "Category", "ECS event category", a => a.EventCategory),
        new("event.action", "Action", "ECS event action", a => a.EventAction),
        new("rule.id", "Rule ID", "The detection rule's id", a => a.RuleId),
        new("kibana.alert.workflow_reason", "Close reason", "Why the alert was closed", a => a.CloseReason),
        new("secops.source", "Source", "Where the alert came from (API, Elasticsearch, demo)", a => a.Source),
        new("secops.fingerprint", "Fingerprint", "Groups repeats of the same detection on the same entity", a => a.Fingerprint),
        new("_id", "Document ID", "The source document's id", a => a.DocumentId),
    ];

    public static readonly IReadOnlyDictionary<string, FieldColumn> ByKey = All.ToDictionary(c => c.Key, StringComparer.Ordinal);

    private static readonly CssClass Cell = CssClass.Of("col-field alert-field");
    private static readonly CssClass TimeCell = CssClass.Of("col-field col-field-time alert-field alert-field-time");

    /// <summary>The field columns a column choice shows, in board order.</summary>
    public static IEnumerable<FieldColumn> Shown(IReadOnlySet<string> columns) => All.Where(c => columns.Contains(c.Key));

    /// <summary>A field column's header classes: the cells' width class (app.css), so the header sits over its cells.</summary>
    public static string HeaderClass(FieldColumn column) => column.Time is null ? "col-field board-head-field" : "col-field col-field-time board-head-field";

    /// <summary>Which field columns are shown, one bit per column: rows shared between boards are keyed by it.</summary>
    public static long Mask(IReadOnlySet<string> columns)
    {
        long mask = 0;
        for (var i = 0; i < All.Count; i++)
        {
            if (columns.Contains(All[i].Key))
            {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /// <summary>The row's field cells, as encoded text with the full value (or the instant with its zone) as the title.</summary>
    public static void Write(HtmlWriter html, AlertView alert, IReadOnlySet<string> columns, TimeZoneInfo zone)
    {
        foreach (var column in All)
        {
            if (!columns.Contains(column.Key))
            {
                continue;
            }
            var text = column.Value(alert, zone);
            if (column.Time is not null)
            {
                var title = column.Time(alert) is { } at ? TimeZones.FormatFull(at, zone) : column.Title;
                html.Open(HtmlTag.Time, TimeCell).Attribute(HtmlAttribute.Title, title).Text(text).Close();
            }
            else
            {
                html.Open(HtmlTag.Span, Cell).Attribute(HtmlAttribute.Title, text).Text(text).Close();
            }
        }
    }
}
