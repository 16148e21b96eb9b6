using System.Globalization;
using System.Text;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Reports;

namespace SecOps.Web.Features.Incidents;

/// <summary>Everything an export of one incident holds, read with need-to-know already applied.</summary>
/// <param name="Omitted">Set when more audit events exist than an export holds: says how many it holds of how many, so no reader takes the timeline for whole.</param>
public sealed record IncidentExportData(IncidentView Incident, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<EvidenceView> Evidence, Reviews.ReviewView? Review = null, string? Omitted = null);

/// <summary>
/// Writes one incident as files: its timeline as CSV (every cell through <see cref="SpreadsheetText.Neutralise"/>, so
/// nothing runs as a formula), and the whole incident as Markdown where every piece of people's or sources' text is
/// escaped, so the document shows it literally and nothing in it becomes a link, an image or HTML.
/// </summary>
public static class IncidentExport
{
    public static readonly IReadOnlyList<string> CsvHeader = ["Time (UTC)", "Kind", "What", "Who", "Details"];

    /// <summary>The timeline as CSV; when audit events were left out, a first row of kind "Export note" says so.</summary>
    public static byte[] Csv(IncidentExportData data) => ReportFiles.Csv(new ReportTable("timeline", "Timeline", CsvHeader,
        [.. (data.Omitted is { } omitted ? new[] { new[] { "", "Export note", omitted, "", "" } } : [])
            .Concat(data.Timeline.Select(e => new[] { Time(e.At), TimelineChart.Label(e.Kind), e.Title, e.Who ?? "", e.Text ?? "" }))
            .Select(row => (IReadOnlyList<string>)[.. row.Select(SpreadsheetText.Neutralise)])]));

    public static string Markdown(IncidentExportData data)
    {
        var i = data.Incident;
        var md = new StringBuilder();
        md.Append("# Incident #").Append(i.Id).Append(": ").AppendLine(Escape(i.Title)).AppendLine();
        Fact(md, "Severity", AlertVocabulary.ToWire(i.Severity));
        Fact(md, "Status", IncidentVocabulary.Label(i.Status));
        Fact(md, "Phase", IncidentVocabulary.Label(i.Phase));
        Fact(md, "Type", IncidentVocabulary.Label(i.Type));
        Fact(md, "Sharing", IncidentVocabulary.Label(i.Tlp) + " · " + IncidentVocabulary.Label(i.Pap));
        Fact(md, "Assignee", i.AssigneeName ?? "Nobody");
        Fact(md, "Team", i.TeamName ?? "No team");
        Fact(md, "Restricted", i.Restricted ? "yes" : "no");
        Fact(md, "Created", Time(i.CreatedAt));
        Fact(md, "Aware since", Time(i.AwareAt));
        Fact(md, "Linked alerts", i.AlertCount.ToString(CultureInfo.InvariantCulture));
        Fact(md, "ATT&CK", i.MitreTactics.Count + i.MitreTechniques.Count == 0 ? "none"
            : string.Join(", ", i.MitreTactics.Select(t => t + " " + IncidentClassification.TacticName(t)).Concat(i.MitreTechniques)));
        Fact(md, "OWASP Top 10", i.OwaspCategory is { } owasp ? owasp + " " + IncidentClassification.OwaspName(owasp) : "none");
        Fact(md, "Affected assets", i.AffectedAssets.Count == 0 ? "none" : string.Join(", ", i.AffectedAssets));
        if (i.Description.Length > 0)
        {
            md.AppendLine().AppendLine("## Description").AppendLine().AppendLine(Escape(i.Description));
        }
        md.AppendLine().AppendLine("## Observables").AppendLine();
        foreach (var o in i.Observables)
        {
            md.Append("- ").Append(IncidentObservables.Label(o.Type)).Append(": ").Append(Escape(o.Value)).AppendLine(o.Ioc ? " (IOC)" : "");
        }
        md.AppendLine().AppendLine("## Evidence").AppendLine();
        foreach (var e in data.Evidence)
        {
            md.Append("- ").Append(Escape(e.FileName)).Append(", ").Append(e.Size.ToString(CultureInfo.InvariantCulture)).Append(" bytes, SHA-256 ")
                .Append(e.Sha256).Append(", uploaded by ").Append(Escape(e.UploadedBy)).Append(' ').AppendLine(Time(e.UploadedAt));
        }
        md.AppendLine().AppendLine("## Post-incident review").AppendLine();
        if (data.Review is { } review)
        {
            md.Append("*").Append(review.Complete ? "Complete" : "Draft").Append(", saved by ").Append(Escape(review.UpdatedBy)).Append(' ').Append(Time(review.UpdatedAt)).AppendLine("*").AppendLine();
            ReviewPart(md, "Root cause", review.RootCause);
            ReviewPart(md, "What went well", review.WentWell);
            ReviewPart(md, "What did not go well", review.WentBadly);
            md.AppendLine("### Follow-up actions").AppendLine();
            foreach (var f in review.FollowUps)
            {
                md.Append(f.Done ? "- done: " : "- open: ").Append(Escape(f.Action)).Append(" · owner ").Append(Escape(f.OwnerName))
                    .AppendLine(f.DueAt is { } due ? " · due " + due.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
            }
        }
        else
        {
            md.AppendLine("Not written yet.");
        }
        md.AppendLine().Append("## Timeline (").Append(data.Timeline.Count).AppendLine(" events)").AppendLine();
        if (data.Omitted is { } omitted)
        {
            md.Append("> ").AppendLine(Escape(omitted)).AppendLine();
        }
        foreach (var e in data.Timeline)
        {
            md.AppendLine(TimelineLine(e));
        }
        return md.ToString();
    }

    /// <summary>A review's part under its heading, each of its lines escaped on its own so the author's line breaks stay.</summary>
    private static void ReviewPart(StringBuilder md, string heading, string text)
    {
        md.Append("### ").AppendLine(heading).AppendLine();
        md.AppendLine(text.Length == 0 ? "Not written." : string.Join("  " + Environment.NewLine, text.Split('\n').Select(line => Escape(line.Trim())))).AppendLine();
    }

    /// <summary>One timeline event as one list item: time, kind, what, who, details.</summary>
    public static string TimelineLine(TimelineEntry e) =>
        $"- {Time(e.At)} · {TimelineChart.Label(e.Kind)} · {Escape(e.Title)}" + (e.Who is null ? "" : " · " + Escape(e.Who)) + (string.IsNullOrEmpty(e.Text) ? "" : " · " + Escape(e.Text));

    /// <summary>
    /// Text shown literally in Markdown: line breaks become spaces (one item stays one line), and every ASCII punctuation
    /// character CommonMark lets a backslash escape is escaped, so no emphasis, link, image, heading, HTML or entity can form.
    /// </summary>
    public static string Escape(string? text)
    {
        var result = new StringBuilder();
        foreach (var c in (text ?? "").ReplaceLineEndings(" "))
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > 127)
            {
                result.Append(c);
            }
            else if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                result.Append('\\').Append(c);
            }
            else
            {
                // Tabs and other controls: a space, so nothing turns into an indented code block.
                result.Append(' ');
            }
        }
        return result.ToString();
    }

    public static string FileName(long incidentId, string extension) => $"secops-incident-{incidentId}.{extension}";

    private static void Fact(StringBuilder md, string name, string value) => md.Append("- **").Append(name).Append(":** ").AppendLine(Escape(value));

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
