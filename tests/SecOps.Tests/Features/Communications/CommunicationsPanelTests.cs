using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Automation;
using SecOps.Web.Features.Communications;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Communications;

/// <summary>
/// The communications panel over a real in-memory store: a responder fills a template from the incident, edits it and
/// records it; the log lists messages newest first with their text, all as text; readers see the log without the form.
/// </summary>
public sealed class CommunicationsPanelTests : ComponentTest
{
    private const string HostileTitle = "<b>Payroll</b> <img src=x onerror=alert(1)> export";
    private readonly SqliteStore _store;
    private readonly BunitAuthorizationContext _auth;
    private long _incident;

    public CommunicationsPanelTests()
    {
        _store = new SqliteStore(Services);
        Services.AddSingleton<FeedReader>();
        Services.AddSingleton<StoreWriter>();
        Services.AddSingleton<IncidentQueries>();
        Services.AddOptions<CommunicationOptions>().Configure(o => (o.Organisation, o.DpoContact) = ("Example Bank AG", "dpo@example-bank.test"));
        Services.AddOptions<AutomationOptions>();
        Services.AddSingleton<EmailSender>();
        Services.AddSingleton<IncidentCommunications>();
        _auth = AddAuthorization();
        _auth.SetAuthorized("rita@example.test");
        _auth.SetRoles(Roles.Responder);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "rita-1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private async Task<long> IncidentAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var incident = new Incident { Title = HostileTitle, CreatedById = "rita-1", CreatedAt = Time.GetUtcNow().AddHours(-3), UpdatedAt = Time.GetUtcNow() };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    private IRenderedComponent<CommunicationsPanel> Render(bool canWrite) =>
        Render<CommunicationsPanel>(p => p.Add(c => c.IncidentId, _incident).Add(c => c.CanWrite, canWrite));

    [Fact]
    public async Task AResponder_FillsATemplate_EditsAndRecordsIt_AndTheLogShowsItNewestFirst_AsText()
    {
        _incident = await IncidentAsync();
        var responder = new Actor("rita-1", "rita@example.test", PermissionTable.ForRole(Roles.Responder).ToHashSet());
        await Services.GetRequiredService<IncidentCommunications>().RecordAsync(responder, _incident,
            new NewCommunication("Legal team", CommunicationChannel.Phone, Time.GetUtcNow().AddHours(-2), "", "Called legal."), CancellationToken.None);
        var panel = Render(canWrite: true);
        panel.WaitForAssertion(() => Assert.False(panel.Find("select[aria-label=Template]").HasAttribute("disabled")));

        panel.Find("select[aria-label=Template]").Change(nameof(CommunicationTemplate.InternalStakeholders));
        await panel.Find(".communication-template-row button").ClickAsync(new());

        Assert.Equal("Internal stakeholders", panel.Find("input[aria-label='Sent to']").GetAttribute("value"));
        Assert.Equal($"[TLP:AMBER] Incident #{_incident} update: {HostileTitle}", panel.Find("input[aria-label=Subject]").GetAttribute("value"));
        var body = panel.Find("textarea[aria-label=Message]").GetAttribute("value")!;
        Assert.StartsWith($"Incident #{_incident}: {HostileTitle}\n", body);
        Assert.Equal("2026-11-25 12:00", panel.Find("input[aria-label='Sent at']").GetAttribute("value"));

        panel.Find("input[aria-label='Sent to']").Input("Board <i>of</i> directors");
        panel.Find("select[aria-label=Channel]").Change(nameof(CommunicationChannel.Email));
        panel.Find("textarea[aria-label=Message]").Input(body + "\nAdded by hand.");
        Time.Advance(TimeSpan.FromSeconds(30));
        await panel.Find("form.communication-form").SubmitAsync();

        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("tr.communication-row").Count));
        var rows = panel.FindAll("tr.communication-row");
        Assert.Equal(["Board <i>of</i> directors", "Legal team"], rows.Select(r => r.QuerySelector(".communication-audience")!.TextContent));
        Assert.Equal(["Email", "Phone"], rows.Select(r => r.GetAttribute("data-channel")));
        // The offered time left as it was means now, to the second, not the start of the minute it shows.
        Assert.Equal("2026-11-25 12:00:30 UTC", rows[0].QuerySelector("time")!.TextContent);
        Assert.Equal($"[TLP:AMBER] Incident #{_incident} update: {HostileTitle}", rows[0].QuerySelector("summary")!.TextContent);
        Assert.EndsWith("Added by hand.", rows[0].QuerySelector(".communication-text")!.TextContent);
        Assert.Equal("(no subject)", rows[1].QuerySelector("summary")!.TextContent);
        Assert.Empty(panel.FindAll(".communications-log b, .communications-log i, .communications-log img"));
        // The form is cleared for the next message.
        Assert.Equal("", panel.Find("input[aria-label='Sent to']").GetAttribute("value") ?? "");
        Assert.Empty(panel.FindAll("[role=alert]"));
    }

    [Fact]
    public async Task ATimeInTheFuture_IsRefusedWithItsReason_AndNothingIsLogged()
    {
        _incident = await IncidentAsync();
        var panel = Render(canWrite: true);
        panel.WaitForAssertion(() => Assert.False(panel.Find("select[aria-label=Template]").HasAttribute("disabled")));

        panel.Find("input[aria-label='Sent to']").Input("Customers");
        panel.Find("input[aria-label='Sent at']").Input("2026-11-26 12:00");
        await panel.Find("form.communication-form").SubmitAsync();

        Assert.Equal("The time it was sent is in the future.", panel.Find("[role=alert]").TextContent.Trim());
        Assert.Empty(panel.FindAll("tr.communication-row"));
        Assert.Equal("No communication recorded yet.", panel.Find(".communications-empty").TextContent);
    }

    [Fact]
    public async Task AReader_SeesTheLog_WithoutTheForm()
    {
        _incident = await IncidentAsync();
        var responder = new Actor("rita-1", "rita@example.test", PermissionTable.ForRole(Roles.Responder).ToHashSet());
        await Services.GetRequiredService<IncidentCommunications>().RecordAsync(responder, _incident,
            new NewCommunication("Supervisory authority", CommunicationChannel.Portal, Time.GetUtcNow().AddHours(-1), "Art. 33", "Dear DPC"), CancellationToken.None);
        _auth.SetRoles(Roles.Manager);

        var panel = Render(canWrite: false);

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("tr.communication-row")));
        Assert.Empty(panel.FindAll("form"));
        Assert.Equal("Supervisory authority", panel.Find(".communication-audience").TextContent);
        Assert.Equal("2026-11-25 11:00:00 UTC", panel.Find("tr.communication-row time").TextContent);
    }

    [Fact]
    public async Task SendByEmail_IsOfferedOnlyForTheEmailChannel_AndOnlyWhenTheAppHasAMailServer()
    {
        _incident = await IncidentAsync();
        var withoutMail = Render(canWrite: true);
        withoutMail.WaitForAssertion(() => Assert.False(withoutMail.Find("select[aria-label=Template]").HasAttribute("disabled")));
        Assert.Equal(nameof(CommunicationChannel.Email), withoutMail.Find("select[aria-label=Channel]").GetAttribute("value"));
        Assert.Equal(["Record as sent"], withoutMail.FindAll(".communication-actions button").Select(b => b.TextContent.Trim()));

        Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AutomationOptions>>().CurrentValue.Smtp = new SmtpOptions { Host = "127.0.0.1", From = "secops@example.test" };
        var withMail = Render(canWrite: true);
        withMail.WaitForAssertion(() => Assert.False(withMail.Find("select[aria-label=Template]").HasAttribute("disabled")));

        Assert.Equal(["Send by email", "Record as sent"], withMail.FindAll(".communication-actions button").Select(b => b.TextContent.Trim()));
        Assert.True(withMail.Find(".communication-actions button").HasAttribute("disabled"));
        withMail.Find("input[aria-label='Sent to']").Input("dpo@authority.example");
        Assert.False(withMail.Find(".communication-actions button").HasAttribute("disabled"));
        withMail.Find("select[aria-label=Channel]").Change(nameof(CommunicationChannel.Phone));
        Assert.Equal(["Record as sent"], withMail.FindAll(".communication-actions button").Select(b => b.TextContent.Trim()));
    }
}
