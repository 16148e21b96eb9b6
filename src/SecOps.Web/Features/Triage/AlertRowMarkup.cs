using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using SecOps.Web.Components.Shared;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Sla;

namespace SecOps.Web.Features.Triage;

/// <summary>What one board line shows.</summary>
/// <param name="FoldedCount">How many loaded alerts share this one's fingerprint when repeats are folded.</param>
/// <param name="Viewers">Other people looking at this alert right now.</param>
/// <param name="Now">The moment ages are computed against; the browser keeps ages and SLA clocks ticking between renders.</param>
public sealed record AlertRowModel(
    AlertView Alert, SlaStatus Sla, DateTimeOffset Now, IReadOnlySet<string> Columns,
    bool Selected = false, bool Checked = false, int FoldedCount = 1, IReadOnlyList<string>? Viewers = null);

/// <summary>
/// One line of the board, written straight into the list's render tree. Rows are deliberately not components:
/// every component holds two render buffers of its own in the circuit (2.6 KB at least), and a board keeps a few
/// dozen rows on screen. Clicks reach the board through one delegated listener in board.js (data-alert-id).
/// Every field is attacker-controlled and is added as text, never as markup.
/// </summary>
public static class AlertRowMarkup
{
    public static readonly IReadOnlySet<string> AllColumns = Views.BoardColumns.Optional.ToHashSet();

    public static RenderFragment Render(AlertRowModel row) => builder => Write(builder, row);

    public static void Write(RenderTreeBuilder builder, AlertRowModel row)
    {
        var alert = row.Alert;
        var columns = row.Columns;
        builder.OpenElement(0, "div");
        builder.SetKey(alert.Id);
        builder.AddAttribute(1, "class", RowClass(row));
        builder.AddAttribute(2, "role", "option");
        builder.AddAttribute(3, "aria-selected", row.Selected ? "true" : "false");
        builder.AddAttribute(4, "data-alert-id", alert.Id);
        if (row.Checked)
        {
            builder.AddAttribute(5, "aria-checked", "true");
        }

        // Drawn as a checkbox by CSS; the row's aria-checked carries the state for assistive technology.
        builder.OpenElement(6, "span");
        builder.AddAttribute(7, "class", "alert-check");
        builder.CloseElement();

        builder.OpenElement(11, "span");
        builder.AddAttribute(12, "class", SeverityClass(alert.Severity));
        builder.AddContent(13, alert.Severity);
        builder.CloseElement();

        if (columns.Contains("risk"))
        {
            builder.OpenElement(14, "span");
            builder.AddAttribute(15, "class", "alert-risk");
            builder.AddContent(16, alert.RiskScore is { } risk ? risk.ToString("0", CultureInfo.InvariantCulture) : "–");
            builder.CloseElement();
        }

        builder.OpenElement(17, "div");
        builder.AddAttribute(18, "class", "alert-main");
        builder.OpenElement(19, "span");
        builder.AddAttribute(20, "class", "alert-rule");
        builder.AddContent(21, alert.RuleName);
        if (row.FoldedCount > 1)
        {
            builder.OpenElement(22, "span");
            builder.AddAttribute(23, "class", "alert-repeats");
            builder.AddAttribute(24, "title", "Repeats of this alert (same fingerprint)");
            builder.AddContent(25, $" ×{row.FoldedCount}");
            builder.CloseElement();
        }
        if (row.Viewers is { Count: > 0 } viewers)
        {
            var label = $"Viewing now: {string.Join(", ", viewers)}";
            builder.OpenElement(26, "span");
            builder.AddAttribute(27, "class", "alert-viewers");
            builder.AddAttribute(28, "title", label);
            builder.AddAttribute(29, "aria-label", label);
            builder.OpenRegion(30);
            IconMarkup.Write(builder, ChromeIcon.Viewing, "alert-viewers-icon");
            builder.CloseRegion();
            builder.AddContent(35, viewers.Count);
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.OpenElement(36, "span");
        builder.AddAttribute(37, "class", "alert-reason");
        builder.AddContent(38, alert.Reason);
        builder.CloseElement();
        builder.CloseElement();

        builder.OpenElement(39, "span");
        builder.AddAttribute(40, "class", "alert-entity");
        builder.AddAttribute(41, "title", alert.Entity);
        builder.AddContent(42, alert.Entity);
        builder.CloseElement();

        if (columns.Contains("tactic"))
        {
            builder.OpenElement(43, "span");
            builder.AddAttribute(44, "class", "alert-tactic");
            builder.AddContent(46, alert.MitreTactic);
            builder.CloseElement();
        }

        builder.OpenElement(47, "span");
        builder.AddAttribute(48, "class", "alert-status");
        builder.AddContent(49, alert.Status);
        builder.CloseElement();

        if (columns.Contains("assignee"))
        {
            builder.OpenElement(50, "span");
            builder.AddAttribute(51, "class", "alert-assignee");
            builder.AddContent(52, alert.Assignee ?? "—");
            builder.CloseElement();
        }
        if (columns.Contains("sla"))
        {
            builder.OpenRegion(53);
            SlaMarkup.Write(builder, row.Sla, row.Now);
            builder.CloseRegion();
        }
        if (columns.Contains("age"))
        {
            builder.OpenElement(54, "time");
            builder.AddAttribute(55, "class", "alert-age");
            builder.AddAttribute(56, "data-age-since", alert.AlertTime.ToUnixTimeMilliseconds());
            builder.AddContent(57, AgeText.Format(row.Now - alert.AlertTime));
            builder.CloseElement();
        }
        builder.CloseElement();
    }

    private static string RowClass(AlertRowModel row) => (row.Selected, row.Checked) switch
    {
        (true, true) => $"alert-row selected checked status-{row.Alert.Status}",
        (true, false) => $"alert-row selected status-{row.Alert.Status}",
        (false, true) => $"alert-row checked status-{row.Alert.Status}",
        _ => StatusClasses.TryGetValue(row.Alert.Status, out var cached) ? cached : $"alert-row status-{row.Alert.Status}",
    };

    // The common case (neither selected nor checked) shares one string per status instead of one per row and render.
    private static readonly Dictionary<string, string> StatusClasses = Enum.GetValues<AlertStatus>().Select(AlertVocabulary.ToWire).ToDictionary(s => s, s => $"alert-row status-{s}", StringComparer.Ordinal);

    private static string SeverityClass(string severity) => severity switch
    {
        "critical" => "severity-chip severity-critical",
        "high" => "severity-chip severity-high",
        "medium" => "severity-chip severity-medium",
        "low" => "severity-chip severity-low",
        _ => "severity-chip severity-" + severity.ToLowerInvariant(),
    };
}
