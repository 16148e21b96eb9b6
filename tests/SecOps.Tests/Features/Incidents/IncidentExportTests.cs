using System.Text;
using CsvHelper;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Tests.Features.Incidents;

/// <summary>
/// The incident's files: every CSV cell starting with a formula character (= + - @ tab CR) reads back with a leading
/// quote, whatever column it is in; the Markdown holds one escaped item per timeline event.
/// </summary>
public sealed class IncidentExportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Hostile = ["=1+2", "+SUM(A1)", "-5", "@cmd", "\tTabbed", "\rReturned"];

    private static IncidentExportData Data(IReadOnlyList<TimelineEntry> timeline) => new(
        new IncidentView(7, "=Title", "", Severity.High, IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, IncidentType.Other, Tlp.Amber, Pap.Amber,
            null, null, T0, T0, 0), timeline, []);

    private static List<string[]> Read(byte[] csv)
    {
        var rows = new List<string[]>();
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(csv), CsvReaderOptions.Default with { HasHeader = false });
        foreach (var row in reader)
        {
            rows.Add(row.ToArray());
        }
        return rows;
    }

    [Fact]
    public void Csv_NeutralisesEveryFormulaStart_InEveryColumn_AndLeavesOtherCellsAlone()
    {
        var timeline = Hostile.Select((h, i) => new TimelineEntry(T0.AddMinutes(i), TimelineKind.Event, h, h, h)).Append(
            new TimelineEntry(T0.AddHours(1), TimelineKind.Note, "Note", "ana", "plain text, with a comma")).ToList();

        var rows = Read(IncidentExport.Csv(Data(timeline)));

        Assert.Equal(timeline.Count + 1, rows.Count);
        for (var i = 0; i < Hostile.Length; i++)
        {
            Assert.Equal([T0.AddMinutes(i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), "Events", "'" + Hostile[i], "'" + Hostile[i], "'" + Hostile[i]], rows[i + 1]);
        }
        Assert.Equal(["2026-12-01T10:00:00Z", "Notes", "Note", "ana", "plain text, with a comma"], rows[^1]);
    }

    [Fact]
    public void AuditEventsLeftOut_AreSaid_InTheCsvsFirstRowAndAboveTheMarkdownTimeline_AndNothingIsSaidOtherwise()
    {
        const string omitted = "This export holds the newest 10,000 of 12,345 audit events about the incident's users and hosts; the earlier ones can be loaded on the incident page.";
        List<TimelineEntry> timeline = [new(T0, TimelineKind.AuditEvent, "sign-in by ana", "ana", "host-1")];

        var partial = Data(timeline) with { Omitted = omitted };
        var rows = Read(IncidentExport.Csv(partial));
        var markdown = IncidentExport.Markdown(partial);

        Assert.Equal(["", "Export note", omitted, "", ""], rows[1]);
        Assert.Equal(3, rows.Count);
        Assert.Contains("## Timeline (1 events)\n\n> " + IncidentExport.Escape(omitted) + "\n\n- ", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(2, Read(IncidentExport.Csv(Data(timeline))).Count);
        Assert.DoesNotContain("newest", IncidentExport.Markdown(Data(timeline)), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HasOneEscapedItemPerTimelineEvent_InOrder()
    {
        var timeline = Enumerable.Range(0, 50).Select(i => new TimelineEntry(T0.AddMinutes(i), i % 2 == 0 ? TimelineKind.Event : TimelineKind.Note,
            $"Event {i} <b>bold</b>", "bo_b", $"line one\nline *two* {i}")).ToList();

        var markdown = IncidentExport.Markdown(Data(timeline));
        var items = markdown.Split('\n').SkipWhile(l => !l.StartsWith("## Timeline (50 events)", StringComparison.Ordinal)).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

        Assert.Equal(50, items.Count);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"- {T0.AddMinutes(i).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} · {(i % 2 == 0 ? "Events" : "Notes")} · Event {i} \\<b\\>bold\\<\\/b\\> · bo\\_b · line one line \\*two\\* {i}", items[i]);
        }
        Assert.StartsWith("# Incident #7: \\=Title", markdown);
    }
}
