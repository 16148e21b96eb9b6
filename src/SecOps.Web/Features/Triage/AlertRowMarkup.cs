using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using SecOps.Web.Components.Html;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Triage.Columns;

namespace SecOps.Web.Features.Triage;

/// <summary>What one board line shows.</summary>
/// <param name="Sla">The alert's SLA: its deadlines go into the row; the browser derives the countdown and state from them.</param>
/// <param name="FoldedCount">How many loaded alerts share this one's fingerprint when repeats are folded.</param>
/// <param name="Viewers">Other people looking at this alert right now.</param>
/// <param name="Zone">The time zone the person reads time columns in (UTC when not given).</param>
public sealed record AlertRowModel(
    AlertView Alert, SlaStatus Sla, IReadOnlySet<string> Columns,
    bool Selected = false, bool Checked = false, int FoldedCount = 1, IReadOnlyList<string>? Viewers = null, TimeZoneInfo? Zone = null)
{
    /// <summary>Whether the line looks the same on every board that shows the same columns (most lines do).</summary>
    internal bool IsPlain => !Selected && !Checked && FoldedCount == 1 && Viewers is not { Count: > 0 };
}

/// <summary>
/// One line of the board as one piece of HTML. Rows are deliberately neither components nor element frames: a circuit
/// keeps two render buffers per component, and a virtualised list of a few dozen rows written as elements needed
/// 2,048-frame buffers (160 KB per open board). As markup a row is one frame, and a plain row's HTML is built once per
/// alert version and shared by every board showing it. Time-dependent text (age, SLA countdown and state) is not in the
/// HTML: board.js fills it from the data attributes as soon as a row is inserted, and keeps it ticking.
/// Every field is attacker-controlled: the line is written by <see cref="HtmlWriter"/>, which encodes every value and
/// takes class names only from constants and the vocabulary. Clicks reach the board through one delegated listener in
/// board.js (data-alert-id).
/// </summary>
public static class AlertRowMarkup
{
    public static readonly IReadOnlySet<string> AllColumns = Views.BoardColumns.Optional.ToHashSet();

    private sealed record SharedRow(int Columns, long Fields, TimeZoneInfo? Zone, DateTimeOffset? Deadline, SafeHtml Html);

    // Keyed by the alert view instance: a changed alert is a new view, so a stale line can never be served.
    private static readonly ConditionalWeakTable<AlertView, SharedRow> Shared = new();

    // Constant classes checked once, not on every row written.
    private static readonly CssClass Row = CssClass.Of("alert-row");
    private static readonly CssClass Chip = CssClass.Of("severity-chip col-severity");
    private static readonly CssClass SelectedClass = CssClass.Of("selected");
    private static readonly CssClass CheckedClass = CssClass.Of("checked");
    private static readonly CssClass AlertAge = CssClass.Of("alert-age col-age");
    private static readonly CssClass AlertAssignee = CssClass.Of("alert-assignee col-assignee");
    private static readonly CssClass AlertCheck = CssClass.Of("alert-check col-check");
    private static readonly CssClass AlertEntity = CssClass.Of("alert-entity col-entity");
    private static readonly CssClass AlertMain = CssClass.Of("alert-main col-rule");
    private static readonly CssClass AlertReason = CssClass.Of("alert-reason");
    private static readonly CssClass AlertRepeats = CssClass.Of("alert-repeats");
    private static readonly CssClass AlertRisk = CssClass.Of("alert-risk col-risk");
    private static readonly CssClass AlertRule = CssClass.Of("alert-rule");
    private static readonly CssClass AlertRuleLine = CssClass.Of("alert-rule-line");
    private static readonly CssClass AlertIncident = CssClass.Of("alert-incident");
    private static readonly CssClass StatusCell = CssClass.Of("alert-status col-status");
    private static readonly CssClass AlertTactic = CssClass.Of("alert-tactic col-tactic");
    private static readonly CssClass AlertViewers = CssClass.Of("alert-viewers");
    private static readonly CssClass AlertViewersIcon = CssClass.Of("alert-viewers-icon");
    private static readonly CssClass SlaCell = CssClass.Of("sla col-sla");
    private static readonly CssClass SlaMetCell = CssClass.Of("sla sla-met col-sla");

    /// <summary>The line as one markup frame for the caller's render tree.</summary>
    public static RenderFragment Render(AlertRowModel row) => Html(row).Fragment;

    public static SafeHtml Html(AlertRowModel row)
    {
        if (!row.IsPlain)
        {
            return Build(row);
        }
        var columns = ColumnMask(row.Columns);
        var fields = FieldColumns.Mask(row.Columns);
        if (Shared.TryGetValue(row.Alert, out var shared) && shared.Columns == columns && shared.Deadline == row.Sla.Deadline
            && shared.Fields == fields && (fields == 0 || shared.Zone == row.Zone))
        {
            return shared.Html;
        }
        var html = Build(row);
        Shared.AddOrUpdate(row.Alert, new SharedRow(columns, fields, row.Zone, row.Sla.Deadline, html));
        return html;
    }

    private static int ColumnMask(IReadOnlySet<string> columns)
    {
        var mask = 0;
        for (var i = 0; i < Views.BoardColumns.Optional.Count; i++)
        {
            if (columns.Contains(Views.BoardColumns.Optional[i]))
            {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    private static SafeHtml Build(AlertRowModel row)
    {
        var alert = row.Alert;
        var columns = row.Columns;
        var html = new HtmlWriter(768);
        html.Open(HtmlTag.Div, Row, row.Selected ? SelectedClass : CssClass.None, row.Checked ? CheckedClass : CssClass.None, CssClass.Status(alert.Status))
            .Attribute(HtmlAttribute.Role, "option")
            .Attribute(HtmlAttribute.AriaSelected, row.Selected)
            .Attribute(HtmlAttribute.DataAlertId, alert.Id);
        if (row.Checked)
        {
            html.Attribute(HtmlAttribute.AriaChecked, true);
        }
        // Drawn as a checkbox by CSS; the row's aria-checked carries the state for assistive technology.
        html.Open(HtmlTag.Span, AlertCheck).Close();
        html.Open(HtmlTag.Span, Chip, CssClass.Severity(alert.Severity)).Text(alert.Severity).Close();
        if (columns.Contains("risk"))
        {
            html.Element(HtmlTag.Span, AlertRisk, alert.RiskScore is { } risk ? risk.ToString("0", CultureInfo.InvariantCulture) : "–");
        }

        // The name ellipsizes inside its own span (the title holds all of it); the counter and viewers follow it on the
        // line and never shrink, so they stay in view however long the name.
        html.Open(HtmlTag.Div, AlertMain).Open(HtmlTag.Div, AlertRuleLine)
            .Open(HtmlTag.Span, AlertRule).Attribute(HtmlAttribute.Title, alert.RuleName).Text(alert.RuleName).Close();
        if (row.FoldedCount > 1)
        {
            html.Open(HtmlTag.Span, AlertRepeats).Attribute(HtmlAttribute.Title, "Repeats of this alert (same fingerprint)")
                .Text(" ×" + row.FoldedCount.ToString(CultureInfo.InvariantCulture)).Close();
        }
        if (alert.IncidentId is { } incidentId)
        {
            // Text only (row markup carries no links): the drawer links to the incident.
            var number = "#" + incidentId.ToString(CultureInfo.InvariantCulture);
            html.Open(HtmlTag.Span, AlertIncident).Attribute(HtmlAttribute.Title, "Escalated to incident " + number).Text("Incident " + number).Close();
        }
        if (row.Viewers is { Count: > 0 } viewers)
        {
            var label = $"Viewing now: {string.Join(", ", viewers.Select(v => DisplayText.CleanUserText(v)))}";
            html.Open(HtmlTag.Span, AlertViewers).Attribute(HtmlAttribute.Title, label).Attribute(HtmlAttribute.AriaLabel, label)
                .Icon(ChromeIcon.Viewing, AlertViewersIcon)
                .Text(viewers.Count.ToString(CultureInfo.InvariantCulture)).Close();
        }
        html.Close();
        Titled(html, AlertReason, alert.Reason);
        html.Close();

        html.Open(HtmlTag.Span, AlertEntity).Attribute(HtmlAttribute.Title, alert.Entity ?? "").Text(alert.Entity).Close();
        if (columns.Contains("tactic"))
        {
            Titled(html, AlertTactic, alert.MitreTactic);
        }
        html.Element(HtmlTag.Span, StatusCell, alert.Status);
        if (columns.Contains("assignee"))
        {
            // A person's name: cleaned of control and bidi characters here too, whatever the store holds.
            Titled(html, AlertAssignee, DisplayText.CleanUserText(alert.Assignee) ?? "—");
        }
        if (columns.Contains("sla"))
        {
            Sla(html, row.Sla);
        }
        if (columns.Contains("age"))
        {
            html.Open(HtmlTag.Time, AlertAge).Attribute(HtmlAttribute.DataAgeSince, alert.AlertTime.ToUnixTimeMilliseconds()).Close();
        }
        FieldColumns.Write(html, alert, columns, row.Zone ?? TimeZoneInfo.Utc);
        return html.Close().ToSafeHtml();
    }

    /// <summary>A cell that may be cut short with an ellipsis: its title carries the whole text.</summary>
    private static void Titled(HtmlWriter html, CssClass cssClass, string? text)
    {
        html.Open(HtmlTag.Span, cssClass);
        if (!string.IsNullOrEmpty(text))
        {
            html.Attribute(HtmlAttribute.Title, text);
        }
        html.Text(text).Close();
    }

    /// <summary>The SLA cell: the deadlines only; board.js writes the countdown and the running/warning/breached state.</summary>
    private static void Sla(HtmlWriter html, SlaStatus status)
    {
        if (status.Deadline is not { } deadline)
        {
            html.Open(HtmlTag.Span, SlaMetCell).Attribute(HtmlAttribute.Title, "Closed").Text("met").Close();
            return;
        }
        html.Open(HtmlTag.Span, SlaCell)
            .Attribute(HtmlAttribute.Title, SlaMarkup.Title(status.Phase, deadline))
            .Attribute(HtmlAttribute.DataSlaDeadline, deadline.ToUnixTimeMilliseconds())
            .Attribute(HtmlAttribute.DataSlaWarn, status.WarnAt!.Value.ToUnixTimeMilliseconds())
            .Close();
    }
}
