using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Notes;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Security;

/// <summary>
/// Issue #12 acceptance: every vector of <see cref="XssVectors"/> in every alert field (rule name, host, user, reason,
/// rule description and id, MITRE tactic and technique, event category and action, tags, message, a raw document
/// field), every incident field (title, Markdown description), an alert note and an incident note (Markdown through
/// SafeMarkdown), observables, timeline events and evidence file names. The board, the drawer (fields, history, raw), the incident page
/// with its timeline chart, the incident list, compliance and reports are each opened once. On all of them: vectors
/// show literally as text, no dialog opens, no request leaves for another host, no CSP violation is reported, and the
/// DOM holds no element or attribute a vector could have made (event handlers, script URLs, frames, foreign loads; a
/// Markdown link to a web page stays a link, opened with <c>noopener noreferrer</c>).
/// Incidents have no tags or assets fields in this version.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class XssTests(BrowserFixture fixture)
{
    private static readonly IReadOnlyList<string> V = XssVectors.All;

    private readonly List<string> _dialogs = [];
    private readonly List<string> _foreignRequests = [];
    private readonly List<string> _csp = [];
    private int _appRequests;

    /// <summary>What a vector may have made: handlers, script or data URLs, frames, foreign loads, injected script text.</summary>
    private const string InjectedScript = """
        () => {
          const bad = [];
          const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'background', 'poster'];
          for (const e of document.querySelectorAll('*')) {
            for (const a of e.attributes) {
              const name = a.name.toLowerCase();
              const value = a.value;
              if (name.startsWith('on')) bad.push(e.tagName + ' ' + name);
              if (urlAttributes.includes(name) && /^\s*(javascript|vbscript|data:text)/i.test(value)) bad.push(e.tagName + ' ' + name + '=' + value);
              // A Markdown link to a web page is a link someone may follow (opened without opener or referrer), not a load.
              const followable = e.tagName === 'A' && name === 'href' && /^https?:/i.test(value) && /noopener/.test(e.rel) && /noreferrer/.test(e.rel);
              if (/attacker\.example/i.test(value) && (urlAttributes.includes(name) || name === 'style') && !followable) bad.push(e.tagName + ' ' + name + '=' + value);
            }
          }
          for (const e of document.querySelectorAll('iframe, object, embed, meta[http-equiv], x, details, video, math, noscript')) bad.push('element ' + e.tagName);
          // The app's own <base href="/"> is the one base element.
          const bases = [...document.querySelectorAll('base')];
          if (bases.length !== 1 || new URL(bases[0].href).origin !== location.origin) bad.push('base ' + bases.map(b => b.href).join(' '));
          for (const s of document.querySelectorAll('script, style')) if (/alert\(|attacker\.example/.test(s.textContent)) bad.push(s.tagName + ' with payload');
          for (const l of document.querySelectorAll('link')) if (/attacker\.example/.test(l.href)) bad.push('link ' + l.href);
          return bad;
        }
        """;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How the drawer's raw tab writes a string: JSON-escaped, as sent.</summary>
    private static string AsJson(string value) => JsonSerializer.Serialize(value, Relaxed)[1..^1];

    private static string At(int i) => V[i % V.Count];

    private static string Line(int i) => XssVectors.OneLine(i);

    [Fact]
    public async Task HostileValuesInEveryField_RenderAsText_OnEveryPage_WithNoScriptDialogForeignRequestOrCspViolation()
    {
        Assert.True(V.Distinct().Count() >= 30);
        var marker = "xss" + Guid.NewGuid().ToString("N")[..8];
        var page = await fixture.SignedInPageAsync();
        var appHost = fixture.App.BaseAddress.Host;
        page.Dialog += (_, dialog) =>
        {
            _dialogs.Add(dialog.Type + ": " + dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Context.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss"
                && !string.Equals(uri.Host, appHost, StringComparison.OrdinalIgnoreCase))
            {
                _foreignRequests.Add(request.Url);
            }
            else
            {
                Interlocked.Increment(ref _appRequests);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _csp.Add("console: " + message.Text);
            }
        };
        await page.ExposeFunctionAsync("__secopsCspViolation", (string report) => _csp.Add(report));
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.__secopsCspViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '')));");

        // One alert per vector; each of its fields carries a different vector, so every field meets every vector.
        var alerts = new JsonObject[V.Count];
        for (var i = 0; i < V.Count; i++)
        {
            var alert = Documents.Alert(rule: $"{marker} {i:D2} {Line(i)}", host: Line(i + 1), severity: "high");
            alert["kibana.alert.reason"] = At(i + 2);
            alert["user"] = new JsonObject { ["name"] = Line(i + 3) };
            alert["kibana.alert.rule.description"] = At(i + 4);
            alert["kibana.alert.rule.threat"] = new JsonArray(new JsonObject
            {
                ["tactic"] = new JsonObject { ["name"] = Line(i + 5) },
                ["technique"] = new JsonArray(new JsonObject { ["id"] = "T1059", ["name"] = Line(i + 6) }),
            });
            alert["event"] = new JsonObject { ["category"] = Line(i + 7), ["action"] = Line(i + 8) };
            alert["tags"] = new JsonArray(At(i + 9), At(i + 10));
            alert["message"] = At(i + 11);
            alert["kibana.alert.rule.rule_id"] = Line(i + 12);
            alerts[i] = alert;
        }
        foreach (var alert in alerts)
        {
            // A field only the raw document shows, holding every vector.
            alert["xss"] = new JsonObject { ["all"] = new JsonArray([.. V.Select(v => (JsonNode)JsonValue.Create(v))]) };
        }
        await Documents.PostAsync(fixture.App.Client(), alerts);

        var admin = await AdministratorAsync();
        long[] ids;
        await using (var db = await fixture.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.Alerts.Where(a => a.RuleName.StartsWith(marker)).Select(a => new { a.Id, a.RuleName }).ToListAsync();
            Assert.Equal(V.Count, stored.Count);
            ids = [.. stored.OrderBy(a => a.RuleName, StringComparer.Ordinal).Select(a => a.Id)];
        }
        var created = await fixture.App.Get<IncidentEscalation>().CreateAsync(admin,
            new NewIncident($"{marker} {Line(35)}", string.Join("\n\n", V), SecOps.Web.Features.Alerts.Severity.High,
                Observables: [.. V.Select((_, i) => new NewObservable(ObservableType.User, Line(i))),
                    new NewObservable(ObservableType.Url, "https://attacker.example/x?q=<script>alert(99)</script>")]),
            [ids[0], ids[1], ids[2]], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        var incidentId = created.IncidentId;
        var editing = fixture.App.Get<IncidentEditing>();
        Assert.True((await editing.AddNoteAsync(admin, incidentId, string.Join("\n\n", V), CancellationToken.None)).Succeeded);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await editing.AddTimelineEventAsync(admin, incidentId, DateTimeOffset.UtcNow.AddMinutes(-10 - i), Line(i * 7 + 1), CancellationToken.None)).Succeeded);
        }
        // Evidence files named by every vector (the upload keeps the part after the last path separator), each holding it too.
        var evidence = fixture.App.Get<IncidentEvidence>();
        foreach (var vector in V)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(vector);
            using var content = new MemoryStream(bytes);
            var uploaded = await evidence.UploadAsync(admin, incidentId, vector + ".html", bytes.Length, content, CancellationToken.None);
            Assert.True(uploaded.Succeeded, uploaded.Error);
        }
        var fileNames = (await evidence.ListAsync(admin, incidentId, CancellationToken.None)).Select(e => e.FileName).ToList();
        Assert.Equal(V.Count, fileNames.Count);

        // The board: rows show rule, reason and entity as text.
        // Opened on the search itself: typed into an open board, the search re-reads a list that already showed the
        // hostile rows, and a count taken in between saw it empty.
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(marker));
        await board.OpenAsync(navigate: false);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Search alerts" })).ToHaveValueAsync(marker);
        await Expect(board.Row(marker).Nth(9)).ToBeVisibleAsync();
        var shown = await board.Row(marker).CountAsync();
        Assert.True(shown >= 10, $"only {shown} hostile rows rendered");
        for (var n = 0; n < Math.Min(shown, 12); n++)
        {
            var row = board.Row(marker).Nth(n);
            var rule = (await row.Locator(".alert-rule").TextContentAsync())!;
            var i = int.Parse(Regex.Match(rule, marker + " (\\d\\d) ").Groups[1].Value);
            await Expect(row.Locator(".alert-rule")).ToHaveTextAsync($"{marker} {i:D2} {Line(i)}");
            await Expect(row.Locator(".alert-entity")).ToHaveTextAsync(Line(i + 1));
            // Display fields show a control character (here the line break of the Markdown reference form) as U+FFFD.
            await Expect(row.Locator(".alert-reason")).ToHaveTextAsync(At(i + 2).Replace('\n', '\uFFFD'));
        }
        await BrowserFixture.ScreenshotAsync(page, "xss-board");
        await AssertCleanAsync(page, "board");

        // The drawer of the first row's alert: its fields, its history with a note (Markdown through SafeMarkdown), its raw
        // document with every vector.
        var first = board.Row(marker).First;
        var f = int.Parse(Regex.Match((await first.Locator(".alert-rule").TextContentAsync())!, marker + " (\\d\\d) ").Groups[1].Value);
        Assert.True((await fixture.App.Get<AlertNotes>().AddAsync(admin, ids[f], string.Join("\n\n", V), CancellationToken.None)).Succeeded);
        await first.ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        var drawer = page.GetByRole(AriaRole.Complementary, new() { Name = "Alert details" });
        await Expect(drawer.Locator(".detail-title")).ToHaveTextAsync($"{marker} {f:D2} {Line(f)}");
        var fields = drawer.Locator(".detail-fields");
        foreach (var value in new[] { Line(f + 1), Line(f + 3), Line(f + 5), $"T1059 {Line(f + 6)}", Line(f + 7), Line(f + 8) })
        {
            await Expect(fields).ToContainTextAsync(value);
        }
        await BrowserFixture.ScreenshotAsync(page, "xss-drawer-fields");
        await drawer.GetByRole(AriaRole.Tab, new() { Name = "History", Exact = false }).ClickAsync();
        var note = drawer.Locator(".alert-note").First;
        await Expect(note).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(note).ToContainTextAsync("<img src=x onerror=alert(2)>");
        await Expect(note).ToContainTextAsync("<svg onload=alert(3)>");
        await AssertCleanAsync(page, "drawer history");
        await drawer.GetByRole(AriaRole.Tab, new() { Name = "Raw" }).ClickAsync();
        var raw = (await drawer.Locator(".detail-raw").TextContentAsync())!;
        Assert.All(V, v => Assert.Contains(AsJson(v), raw));
        await AssertCleanAsync(page, "drawer raw");

        // The incident page: title, Markdown description and note, observables, linked alerts, timeline and its chart.
        await page.GotoAsync($"/incidents/{incidentId}");
        var main = page.Locator("main");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{marker} {Line(35)}");
        foreach (var value in new[] { "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "{{constructor.constructor('alert(37)')()}}", Line(30) })
        {
            await Expect(main).ToContainTextAsync(value);
        }
        var observables = page.Locator(".observable-value");
        await Expect(observables).ToHaveCountAsync(V.Count + 1);
        var observableTexts = await observables.AllTextContentsAsync();
        Assert.Contains(Line(22), observableTexts);
        Assert.Contains(Line(35), observableTexts);
        await Expect(main).ToContainTextAsync(Line(8));
        var names = page.Locator(".evidence-name a");
        await Expect(names).ToHaveCountAsync(V.Count);
        Assert.Equal(fileNames.Order(StringComparer.Ordinal), (await names.AllTextContentsAsync()).Order(StringComparer.Ordinal));
        Assert.Contains("<img src=x onerror=alert(2)>.html", fileNames);
        var chart = page.Locator($"#incident-timeline-chart-{incidentId}");
        await Expect(chart.Locator(".scatterlayer .point").First).ToBeAttachedAsync();
        await chart.Locator(".scatterlayer .point").First.HoverAsync(new() { Force = true });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "xss-incident-full.png"), FullPage = true });
        await AssertCleanAsync(page, "incident");

        await page.GotoAsync("/incidents");
        await Expect(page.Locator("main")).ToContainTextAsync($"{marker} {Line(35)}");
        await AssertCleanAsync(page, "incident list");

        await page.GotoAsync("/compliance");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#compliance-volume .main-svg").First).ToBeAttachedAsync();
        await AssertCleanAsync(page, "compliance");

        await page.GotoAsync("/reports");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report", Exact = true })).ToBeVisibleAsync();
        await AssertCleanAsync(page, "reports");

        Assert.Empty(_dialogs);
        Assert.Empty(_foreignRequests);
        Assert.Empty(_csp);
        await page.Context.CloseAsync();
    }

    private async Task AssertCleanAsync(IPage page, string where)
    {
        // The listeners are live on this page: the CSP reporter is installed, and requests are being seen.
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__secopsCspViolation === 'function'"), where + ": no CSP listener");
        Assert.True(_appRequests > 0, where + ": no request seen");
        var injected = await page.EvaluateAsync<string[]>(InjectedScript);
        Assert.True(injected.Length == 0, where + ": " + string.Join("; ", injected));
        Assert.True(_dialogs.Count == 0, where + ": dialog " + string.Join("; ", _dialogs));
        Assert.True(_foreignRequests.Count == 0, where + ": request to " + string.Join("; ", _foreignRequests));
        Assert.True(_csp.Count == 0, where + ": CSP " + string.Join("; ", _csp));
    }

    private async Task<Actor> AdministratorAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>().FindByEmailAsync(BrowserFixture.AdminEmail);
        return new Actor(admin!.Id, BrowserFixture.AdminEmail, PermissionTable.ForRole(Roles.Admin).ToHashSet());
    }
}
