using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Features.AuditEvents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Audit events on the incident timeline from the embedded store (no Elasticsearch source configured): the events about
/// the incident's users and hosts in its window, interleaved with the stored entries in time order, in the exports too,
/// and nothing of a restricted incident for someone outside it.
/// </summary>
public sealed class IncidentAuditEventsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T);
    private SecOpsApp _app = null!;
    private NeedToKnowPeople _people = null!;

    public async Task InitializeAsync()
    {
        _app = new SecOpsApp(time: _time);
        _people = await NeedToKnowPeople.CreateAsync(_app);
        var alert = Documents.Alert("brute-1", rule: "Brute force then success", host: "web-1", at: T.AddHours(-3));
        alert["user"] = new JsonObject { ["name"] = "alice" };
        await Documents.PostAsync(_app.Client(), alert);
        var events = new[]
        {
            AuditEventEndpointsTests.Event("ae-alice-early", T.AddHours(-5), user: "alice", host: "laptop-9", action: "password-reset"),
            AuditEventEndpointsTests.Event("ae-host", T.AddHours(-2), user: "bob", host: "web-1", action: "user-added"),
            AuditEventEndpointsTests.Event("ae-unrelated", T.AddHours(-1), user: "carol", host: "db-9"),
            AuditEventEndpointsTests.Event("ae-too-early", T.AddHours(-30), user: "alice", host: "web-1"),
        };
        await PostAuditEventsAsync(events);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(4, await db.AuditEvents.CountAsync());
    }

    private async Task PostAuditEventsAsync(IEnumerable<JsonObject> events)
    {
        using var body = new StringContent(Documents.Ndjson(events), Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await _app.Client().PostAsync("/api/v1/audit-events", body);
        response.EnsureSuccessStatusCode();
        Assert.DoesNotContain("\"errors\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> EscalateAsync(bool restricted)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alertId = (await db.Alerts.SingleAsync(a => a.DocumentId == "brute-1")).Id;
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Web server account takeover", Restricted: restricted), [alertId], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        return created.IncidentId;
    }

    [Fact]
    public async Task EventsAboutTheIncidentsUsersAndHostsInItsWindow_ComeFromTheStore_InTimeOrderAmongTheOtherEntries()
    {
        var id = await EscalateAsync(restricted: false);
        _time.SetUtcNow(T.AddMinutes(10));
        Assert.True((await _app.Get<IncidentEditing>().AddNoteAsync(_people.Rita, id, "Password reset forced", CancellationToken.None)).Succeeded);

        var audit = await _app.Get<IncidentAuditEvents>().ForIncidentAsync(As(Roles.Manager, "mia"), id, CancellationToken.None);
        var data = await _app.Get<IncidentExportReader>().ReadAsync(As(Roles.Manager, "mia"), id, CancellationToken.None);

        Assert.Equal((IncidentAuditEvents.FromStore, null, false, 2L), (audit.Origin, audit.Note, audit.Truncated, audit.Available));
        Assert.Equal("2 audit events about the incident's users and hosts from the embedded store.", audit.Summary);
        // alice's event elsewhere and bob's on web-1; not carol's on another host, not alice's from before the window.
        Assert.Equal([(T.AddHours(-5), "alice", "laptop-9"), (T.AddHours(-2), "bob", "web-1")], audit.Entries.Select(e => (e.At, e.Who, e.Text)));
        Assert.All(audit.Entries, e => Assert.Equal(TimelineKind.AuditEvent, e.Kind));
        Assert.Contains("password-reset", audit.Entries[0].Title, StringComparison.Ordinal);
        Assert.Equal(
            [
                (T.AddHours(-5), TimelineKind.AuditEvent),
                (T.AddHours(-3), TimelineKind.Alert),
                (T.AddHours(-2), TimelineKind.AuditEvent),
                (T, TimelineKind.Change),
                (T, TimelineKind.Change),
                (T.AddMinutes(10), TimelineKind.Note),
            ],
            data!.Timeline.Select(e => (e.At, e.Kind)));
        var markdown = IncidentExport.Markdown(data);
        Assert.Contains("## Timeline (6 events)", markdown, StringComparison.Ordinal);
        Assert.Contains("- 2026-12-01T07:00:00Z · Audit events · ", markdown, StringComparison.Ordinal);
        Assert.Contains(" · bob · web\\-1", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfARestrictedIncident_AnOutsiderGetsNoAuditEvents_AndNoExport_WhileItsMemberGetsThem()
    {
        var id = await EscalateAsync(restricted: true);
        var events = _app.Get<IncidentAuditEvents>();

        var forOtto = await events.ForIncidentAsync(_people.Otto, id, CancellationToken.None);
        var forRita = await events.ForIncidentAsync(_people.Rita, id, CancellationToken.None);

        Assert.Equal(([], null, null), (forOtto.Entries, forOtto.Origin, forOtto.Note));
        Assert.Null(await _app.Get<IncidentExportReader>().ReadAsync(_people.Otto, id, CancellationToken.None));
        Assert.Equal(2, forRita.Entries.Count);
    }

    [Fact]
    public async Task AnIncidentWithoutUsersOrHosts_SaysSo_AndSomeoneWhoMayNotReadAlerts_GetsNone()
    {
        var bare = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Lost badge"), [], CancellationToken.None);
        var id = await EscalateAsync(restricted: false);
        var noAlertsRead = new Actor("x", "x@example.test", new HashSet<Permission> { Permission.IncidentsRead });

        var empty = await _app.Get<IncidentAuditEvents>().ForIncidentAsync(_people.Rita, bare.IncidentId, CancellationToken.None);
        var withoutPermission = await _app.Get<IncidentAuditEvents>().ForIncidentAsync(noAlertsRead, id, CancellationToken.None);

        Assert.Equal(([], "No audit events: the incident names no user or host yet."), (empty.Entries, empty.Note));
        Assert.Equal(([], null), (withoutPermission.Entries, withoutPermission.Origin));
    }

    [Fact]
    public async Task OverAPageOfEvents_ComeInKeysetPagesNewestFirst_WithNoneTwiceAndNoneSkipped_EvenWhereTimesTie()
    {
        // 1,200 more about alice in the window, two to a second: pages of 500 end inside a tie, so a page boundary that
        // keyed on the time alone would skip or repeat one.
        var many = Enumerable.Range(0, 1200)
            .Select(i => AuditEventEndpointsTests.Event($"ae-many-{i}", T.AddHours(-4).AddSeconds(i / 2), user: "alice", host: "laptop-9", action: $"action-{i:D4}"));
        await PostAuditEventsAsync(many);
        var id = await EscalateAsync(restricted: false);
        var events = _app.Get<IncidentAuditEvents>();

        var first = await events.ForIncidentAsync(_people.Rita, id, CancellationToken.None);
        var second = await events.ForIncidentAsync(_people.Rita, id, first.Next, CancellationToken.None);
        var third = await events.ForIncidentAsync(_people.Rita, id, second.Next, CancellationToken.None);
        var all = first.With(second).With(third);

        Assert.Equal((500, 500, 202), (first.Entries.Count, second.Entries.Count, third.Entries.Count));
        Assert.Equal((1202L, 1202L), (first.Available, third.Available));
        Assert.Equal((true, true, false), (first.Truncated, second.Truncated, third.Truncated));
        Assert.Equal("Showing 500 of 1,202 audit events about the incident's users and hosts from the embedded store, newest first; earlier ones can be loaded.", first.Summary);
        // The first page is the newest: ae-host (two hours before) and the last 499 of the 1,200; the third holds the oldest.
        Assert.Equal(T.AddHours(-2), first.Entries[^1].At);
        Assert.Equal(T.AddHours(-5), third.Entries[0].At);
        Assert.True(first.Entries.Min(e => e.At) >= second.Entries.Max(e => e.At) && second.Entries.Min(e => e.At) >= third.Entries.Max(e => e.At));
        var titles = all.Entries.Select(e => e.Title).ToList();
        Assert.Equal(1202, titles.Distinct().Count());
        Assert.All(Enumerable.Range(0, 1200), i => Assert.Contains(titles, t => t.Contains($"action-{i:D4}", StringComparison.Ordinal)));
        Assert.Equal(all.Entries.OrderBy(e => e.At).Select(e => e.At), all.Entries.Select(e => e.At));
        Assert.Equal("1,202 audit events about the incident's users and hosts from the embedded store.", all.Summary);
        // The export reads every page.
        var export = await _app.Get<IncidentExportReader>().ReadAsync(_people.Rita, id, CancellationToken.None);
        Assert.Equal(1202, export!.Timeline.Count(e => e.Kind == TimelineKind.AuditEvent));
        Assert.Null(export.Omitted);
    }

    [Fact]
    public async Task AnExport_HoldsTheNewest10000AuditEvents_AndSaysHowManyItLeftOut()
    {
        var many = Enumerable.Range(0, IncidentExportReader.ExportedAuditEvents + 50)
            .Select(i => AuditEventEndpointsTests.Event($"ae-cap-{i}", T.AddHours(-4).AddSeconds(i / 4.0), user: "alice", host: "laptop-9", action: $"cap-{i:D5}"));
        foreach (var batch in many.Chunk(5000))
        {
            await PostAuditEventsAsync(batch);
        }
        var id = await EscalateAsync(restricted: false);

        var export = await _app.Get<IncidentExportReader>().ReadAsync(_people.Rita, id, CancellationToken.None);

        var audit = export!.Timeline.Where(e => e.Kind == TimelineKind.AuditEvent).ToList();
        Assert.Equal(IncidentExportReader.ExportedAuditEvents, audit.Count);
        // The newest are kept: the oldest of the 10,050 about alice are the ones left out.
        Assert.DoesNotContain(audit, e => e.Title.Contains("cap-00000", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Title.Contains($"cap-{IncidentExportReader.ExportedAuditEvents + 49:D5}", StringComparison.Ordinal));
        Assert.Equal("This export holds the newest 10,000 of 10,052 audit events about the incident's users and hosts; the earlier ones can be loaded on the incident page.", export.Omitted);
        Assert.Contains("Export note", System.Text.Encoding.UTF8.GetString(IncidentExport.Csv(export)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEarlierPageOfARestrictedIncident_IsEmptyForAnOutsider_EvenWithAnInsidersCursor()
    {
        var many = Enumerable.Range(0, 600).Select(i => AuditEventEndpointsTests.Event($"ae-r-{i}", T.AddHours(-4).AddSeconds(i), user: "alice", host: "laptop-9"));
        await PostAuditEventsAsync(many);
        var id = await EscalateAsync(restricted: true);
        var events = _app.Get<IncidentAuditEvents>();

        var first = await events.ForIncidentAsync(_people.Rita, id, CancellationToken.None);
        var forOtto = await events.ForIncidentAsync(_people.Otto, id, first.Next, CancellationToken.None);
        var forRita = await events.ForIncidentAsync(_people.Rita, id, first.Next, CancellationToken.None);

        Assert.Equal(([], null, null, null), (forOtto.Entries, forOtto.Origin, forOtto.Next, forOtto.Available));
        Assert.Equal(102, forRita.Entries.Count);
    }
}
