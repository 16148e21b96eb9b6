using System.Net;
using System.Text;
using CsvHelper;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Exports of one incident over HTTP: the timeline as CSV with formulas neutralised, the whole incident as Markdown
/// holding every timeline event escaped, the print view; need-to-know makes all three 404 for an outsider.
/// </summary>
public sealed class IncidentExportTests : IAsyncLifetime
{
    private static readonly string[] Formulas = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "-2+3", "@cmd|'/c calc'!A0"];
    private const string HostileMarkdown = "[click](javascript:alert(1)) <script>alert(2)</script> ![x](http://evil.example/x.png) *bold* # not a heading";
    private readonly SecOpsApp _app = new(new Dictionary<string, string?> { [SignedInPerson.SignInLimit.Key] = SignedInPerson.SignInLimit.Value });
    private SignedInPerson _rita = default!;
    private SignedInPerson _otto = default!;
    private long _open;
    private long _restricted;

    public async Task InitializeAsync()
    {
        _rita = await SignedInPerson.CreateAsync(_app, "rita@export.test", Roles.Responder);
        _otto = await SignedInPerson.CreateAsync(_app, "otto@export.test", Roles.Responder);
        var escalation = _app.Get<IncidentEscalation>();
        _open = (await escalation.CreateAsync(_rita.Actor, new NewIncident("Phishing wave", Observables: [new(ObservableType.Domain, "evil.example")]), [], CancellationToken.None)).IncidentId;
        _restricted = (await escalation.CreateAsync(_rita.Actor, new NewIncident("Insider: payroll export", Restricted: true), [], CancellationToken.None)).IncidentId;
        var editing = _app.Get<IncidentEditing>();
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        foreach (var text in Formulas.Append(HostileMarkdown).Append("Mail server isolated"))
        {
            at = at.AddMinutes(5);
            Assert.True((await editing.AddTimelineEventAsync(_rita.Actor, _open, at, text, CancellationToken.None)).Succeeded);
        }
        Assert.True((await editing.AddNoteAsync(_rita.Actor, _open, "Called the user.\n\nThey **did** click.", CancellationToken.None)).Succeeded);
    }

    public Task DisposeAsync()
    {
        _rita.Dispose();
        _otto.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<TimelineEntry>> TimelineAsync() => _app.Get<IncidentQueries>().TimelineAsync(_rita.Actor, _open, CancellationToken.None);

    private static async Task<string> FileAsync(AccountClient client, string path, string contentType, string fileName)
    {
        using var response = await client.GetResponseAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal(("attachment", fileName), (response.Content.Headers.ContentDisposition!.DispositionType, response.Content.Headers.ContentDisposition.FileNameStar));
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Csv_HoldsTheWholeTimeline_ReadBackWithEveryFormulaNeutralised()
    {
        var csv = await FileAsync(_rita.Browser, $"/incidents/{_open}/export.csv", "text/csv", $"secops-incident-{_open}.csv");
        var rows = new List<string[]>();
        using (var reader = CsvReader.FromText(csv, CsvReaderOptions.Default with { HasHeader = false }))
        {
            foreach (var row in reader)
            {
                rows.Add(row.ToArray());
            }
        }
        var timeline = await TimelineAsync();

        Assert.Equal(["Time (UTC)", "Kind", "What", "Who", "Details"], rows[0]);
        Assert.Equal(timeline.Count, rows.Count - 1);
        Assert.Equal(Formulas.Select(f => "'" + f), rows.Skip(1).Where(r => r[1] == "Events").Select(r => r[2]).Take(Formulas.Length));
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0]));
        Assert.Contains(rows, r => r[1] == "Notes" && r[4] == "Called the user.\n\nThey **did** click.");
        Assert.Contains(rows, r => r[2] == "Mail server isolated" && r[3] == "rita@export.test");
    }

    [Fact]
    public async Task Markdown_HoldsEveryTimelineEvent_EscapedSoNothingInItIsActive()
    {
        var markdown = await FileAsync(_rita.Browser, $"/incidents/{_open}/export.md", "text/markdown", $"secops-incident-{_open}.md");
        var timeline = await TimelineAsync();
        var lines = markdown.Split('\n');
        var events = lines.SkipWhile(l => !l.StartsWith("## Timeline", StringComparison.Ordinal)).Skip(1).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

        Assert.StartsWith("# Incident #" + _open + ": Phishing wave", markdown);
        Assert.Equal(timeline.Count, events.Count);
        Assert.Equal(timeline.Count, timeline.Select(e => e.Title).Count(title => events.Any(l => l.Contains(IncidentExport.Escape(title), StringComparison.Ordinal))));
        Assert.Contains(events, l => l.Contains("\\[click\\]\\(javascript\\:alert\\(1\\)\\) \\<script\\>alert\\(2\\)\\<\\/script\\>", StringComparison.Ordinal));
        Assert.Contains(events, l => l.Contains("Called the user\\.  They \\*\\*did\\*\\* click\\.", StringComparison.Ordinal));
        Assert.Contains("- Domain: evil\\.example", markdown);
        var html = Markdig.Markdown.ToHtml(markdown);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<a ", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<em>", html);
        Assert.Contains("[click](javascript:alert(1)) &lt;script&gt;alert(2)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task PrintView_RendersTheIncidentAndItsWholeTimeline()
    {
        var page = await _rita.Browser.GetAsync($"/incidents/{_open}/print");
        var timeline = await TimelineAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"Timeline ({timeline.Count} events)", page.Html);
        Assert.Equal(timeline.Count, page.Html.Split("class=\"timeline-entry ").Length - 1);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", page.Html);
        Assert.DoesNotContain("<script>alert(2)", page.Html);
    }

    [Fact]
    public async Task ARestrictedIncident_IsNotExportedOrPrintedForAnOutsider_WhoGets404LikeForAMissingOne()
    {
        foreach (var path in new[] { "export.csv", "export.md" })
        {
            using var outsider = await _otto.Browser.GetResponseAsync($"/incidents/{_restricted}/{path}");
            using var missing = await _otto.Browser.GetResponseAsync($"/incidents/{_restricted + 1000}/{path}");
            using var member = await _rita.Browser.GetResponseAsync($"/incidents/{_restricted}/{path}");
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK), (outsider.StatusCode, missing.StatusCode, member.StatusCode));
            Assert.Equal(missing.Content.Headers.ContentType?.ToString(), outsider.Content.Headers.ContentType?.ToString());
            Assert.Null(outsider.Content.Headers.ContentDisposition);
            Assert.DoesNotContain("payroll", await outsider.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        var print = await _otto.Browser.GetAsync($"/incidents/{_restricted}/print");
        Assert.Contains($"There is no incident #{_restricted}", print.Html);
        Assert.DoesNotContain("payroll", print.Html);
    }
}
