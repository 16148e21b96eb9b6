using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Triage;

/// <summary>What one board line shows.</summary>
/// <param name="Sla">The alert's SLA: its deadlines go into the row; the browser derives the countdown and state from them.</param>
/// <param name="FoldedCount">How many loaded alerts share this one's fingerprint when repeats are folded.</param>
/// <param name="Viewers">Other people looking at this alert right now.</param>
public sealed record AlertRowModel(
    AlertView Alert, SlaStatus Sla, IReadOnlySet<string> Columns,
    bool Selected = false, bool Checked = false, int FoldedCount = 1, IReadOnlyList<string>? Viewers = null)
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
/// Every field is attacker-controlled: each one goes through <see cref="HtmlEncoder"/>, in text and in double-quoted
/// attributes alike; the only unencoded markup is the constant icon SVG chosen by <see cref="ChromeIcon"/>.
/// Clicks reach the board through one delegated listener in board.js (data-alert-id).
/// </summary>
public static class AlertRowMarkup
{
    public static readonly IReadOnlySet<string> AllColumns = Views.BoardColumns.Optional.ToHashSet();

    private sealed record SharedRow(int Columns, DateTimeOffset? Deadline, string Html);

    // Keyed by the alert view instance: a changed alert is a new view, so a stale line can never be served.
    private static readonly ConditionalWeakTable<AlertView, SharedRow> Shared = new();

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Html(AlertRowModel row)
    {
        if (!row.IsPlain)
        {
            return Build(row);
        }
        var columns = ColumnMask(row.Columns);
        if (Shared.TryGetValue(row.Alert, out var shared) && shared.Columns == columns && shared.Deadline == row.Sla.Deadline)
        {
            return shared.Html;
        }
        var html = Build(row);
        Shared.AddOrUpdate(row.Alert, new SharedRow(columns, row.Sla.Deadline, html));
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

    private static string Build(AlertRowModel row)
    {
        var alert = row.Alert;
        var columns = row.Columns;
        var html = new StringBuilder(768);
        html.Append("<div class=\"").Append(RowClass(row)).Append('"');
        html.Append(" role=\"option\" aria-selected=\"").Append(row.Selected ? "true" : "false").Append('"');
        html.Append(" data-alert-id=\"").Append(alert.Id.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (row.Checked)
        {
            html.Append(" aria-checked=\"true\"");
        }
        // Drawn as a checkbox by CSS; the row's aria-checked carries the state for assistive technology.
        html.Append("><span class=\"alert-check\"></span>");
        Span(html, SeverityClass(alert.Severity), alert.Severity);
        if (columns.Contains("risk"))
        {
            Span(html, "alert-risk", alert.RiskScore is { } risk ? risk.ToString("0", CultureInfo.InvariantCulture) : "–");
        }

        html.Append("<div class=\"alert-main\"><span class=\"alert-rule\">").Append(Encoder.Encode(alert.RuleName));
        if (row.FoldedCount > 1)
        {
            html.Append("<span class=\"alert-repeats\" title=\"Repeats of this alert (same fingerprint)\"> ×")
                .Append(row.FoldedCount.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        }
        if (row.Viewers is { Count: > 0 } viewers)
        {
            var label = Encoder.Encode($"Viewing now: {string.Join(", ", viewers)}");
            html.Append("<span class=\"alert-viewers\" title=\"").Append(label).Append("\" aria-label=\"").Append(label).Append("\">")
                .Append(IconMarkup.Html(ChromeIcon.Viewing, "alert-viewers-icon"))
                .Append(viewers.Count.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        }
        html.Append("</span>");
        Span(html, "alert-reason", alert.Reason);
        html.Append("</div>");

        html.Append("<span class=\"alert-entity\" title=\"").Append(Encoder.Encode(alert.Entity ?? "")).Append("\">")
            .Append(Encoder.Encode(alert.Entity ?? "")).Append("</span>");
        if (columns.Contains("tactic"))
        {
            Span(html, "alert-tactic", alert.MitreTactic);
        }
        Span(html, "alert-status", alert.Status);
        if (columns.Contains("assignee"))
        {
            Span(html, "alert-assignee", alert.Assignee ?? "—");
        }
        if (columns.Contains("sla"))
        {
            Sla(html, row.Sla);
        }
        if (columns.Contains("age"))
        {
            html.Append("<time class=\"alert-age\" data-age-since=\"")
                .Append(alert.AlertTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append("\"></time>");
        }
        return html.Append("</div>").ToString();
    }

    private static void Span(StringBuilder html, string cssClass, string? text) =>
        html.Append("<span class=\"").Append(Encoder.Encode(cssClass)).Append("\">").Append(Encoder.Encode(text ?? "")).Append("</span>");

    /// <summary>The SLA cell: the deadlines only; board.js writes the countdown and the running/warning/breached state.</summary>
    private static void Sla(StringBuilder html, SlaStatus status)
    {
        if (status.Deadline is not { } deadline)
        {
            html.Append("<span class=\"sla sla-met\" title=\"Closed\">met</span>");
            return;
        }
        html.Append("<span class=\"sla\" title=\"").Append(Encoder.Encode(SlaMarkup.Title(status.Phase, deadline)))
            .Append("\" data-sla-deadline=\"").Append(deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
            .Append("\" data-sla-warn=\"").Append(status.WarnAt!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
            .Append("\"></span>");
    }

    private static string RowClass(AlertRowModel row)
    {
        var status = Encoder.Encode(row.Alert.Status);
        return (row.Selected, row.Checked) switch
        {
            (true, true) => $"alert-row selected checked status-{status}",
            (true, false) => $"alert-row selected status-{status}",
            (false, true) => $"alert-row checked status-{status}",
            _ => $"alert-row status-{status}",
        };
    }

    private static string SeverityClass(string severity) => severity switch
    {
        "critical" => "severity-chip severity-critical",
        "high" => "severity-chip severity-high",
        "medium" => "severity-chip severity-medium",
        "low" => "severity-chip severity-low",
        _ => "severity-chip severity-" + severity.ToLowerInvariant(),
    };
}
