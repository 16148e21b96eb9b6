using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;

namespace SecOps.IntegrationTests.Features.Compliance;

/// <summary>
/// The framework views' regulatory timeliness (GDPR Art. 33, NIS2 Art. 23), vulnerability findings against the patch
/// SLA, MFA coverage and API key age, on the real store with a fixed data set placed days away from every boundary.
/// </summary>
public sealed class RegulatoryAndAccessEvidenceTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly MetricPeriod LastWeek = new(Now.AddDays(-7), Now.AddMinutes(1));
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static FrameworkEvidence.SelectorResult Of(FrameworkEvidence.FrameworkResult framework, string control, string label) =>
        framework.Controls.Single(c => c.Control.Id == control).Evidence.Single(e => e.Selector.Label == label);

    private static string[] Titles(FrameworkEvidence.SelectorResult result) => [.. result.Items.Select(i => i.Title).Order(StringComparer.Ordinal)];

    private void SeedIncidents()
    {
        using var db = TestStore.Open(_app.DataDirectory);
        Incident I(string title, DateTimeOffset aware, bool personalData = false, bool nis2 = false, bool restricted = false) => new()
        {
            Title = title, CreatedById = "seed", CreatedAt = aware.AddMinutes(30), UpdatedAt = aware.AddMinutes(30), AwareAt = aware,
            PersonalData = personalData, Nis2 = nis2, Restricted = restricted, Severity = Severity.High,
        };
        var met = I("gdpr met", Now.AddDays(-5), personalData: true);
        var late = I("gdpr late", Now.AddDays(-6), personalData: true);
        var missed = I("gdpr missed", Now.AddDays(-4), personalData: true);
        var running = I("gdpr running", Now.AddHours(-2), personalData: true);
        var hidden = I("gdpr missed restricted", Now.AddDays(-4), personalData: true, restricted: true);
        var noPersonalData = I("no personal data", Now.AddDays(-4));
        var nis2 = I("nis2 early met, notification late", Now.AddDays(-5), nis2: true);
        var nis2Silent = I("nis2 nothing sent", Now.AddDays(-4), nis2: true);
        var beforePeriod = I("gdpr missed before the period", Now.AddDays(-20), personalData: true);
        db.Incidents.AddRange(met, late, missed, running, hidden, noPersonalData, nis2, nis2Silent, beforePeriod);
        db.SaveChanges();
        IncidentNotification Sent(Incident incident, RegulatoryDuty duty, TimeSpan after) => new()
        {
            IncidentId = incident.Id, Duty = duty, SentAt = incident.AwareAt!.Value + after, Recipient = "Authority",
            RecordedAt = Now, RecordedById = "seed", RecordedByName = "Seed",
        };
        db.IncidentNotifications.AddRange(
            Sent(met, RegulatoryDuty.GdprAuthority, TimeSpan.FromHours(10)),
            Sent(late, RegulatoryDuty.GdprAuthority, TimeSpan.FromHours(80)),
            // The wrong duty meets nothing: this GDPR incident's clock still ran out.
            Sent(missed, RegulatoryDuty.Nis2Notification, TimeSpan.FromHours(1)),
            Sent(nis2, RegulatoryDuty.Nis2EarlyWarning, TimeSpan.FromHours(2)),
            Sent(nis2, RegulatoryDuty.Nis2Notification, TimeSpan.FromHours(80)));
        db.SaveChanges();
    }

    [Fact]
    public async Task GdprView_CountsEachPersonalDataBreachByHowItsNotificationDeadlineStands()
    {
        SeedIncidents();

        var gdpr = (await _app.Get<FrameworkEvidence>().LoadAsync(Actor.System, "gdpr", LastWeek, CancellationToken.None))!;

        Assert.Equal(["gdpr met"], Titles(Of(gdpr, "Art. 33(1)", "Notified within 72 hours")));
        Assert.Equal(["gdpr late"], Titles(Of(gdpr, "Art. 33(1)", "Notified late")));
        Assert.Equal(["gdpr missed", "gdpr missed restricted"], Titles(Of(gdpr, "Art. 33(1)", "Deadline passed, not notified")));
        Assert.Equal(["gdpr running"], Titles(Of(gdpr, "Art. 33(1)", "Clock still running")));
        Assert.Equal(5, Of(gdpr, "Art. 33(5)", "Incidents recorded as personal-data breaches").Count);
    }

    [Fact]
    public async Task Nis2View_JudgesEachStageSeparately_TheFinalReportRunningFromTheNotificationSent()
    {
        SeedIncidents();

        var nis2 = (await _app.Get<FrameworkEvidence>().LoadAsync(Actor.System, "nis2", LastWeek, CancellationToken.None))!;

        Assert.Equal(["nis2 early met, notification late"], Titles(Of(nis2, "23(4)(a)", "Sent on time")));
        Assert.Equal(["nis2 nothing sent"], Titles(Of(nis2, "23(4)(a)", "Deadline passed, not sent")));
        Assert.Empty(Titles(Of(nis2, "23(4)(b)", "Sent on time")));
        Assert.Equal(["nis2 early met, notification late"], Titles(Of(nis2, "23(4)(b)", "Sent late")));
        Assert.Equal(["nis2 nothing sent"], Titles(Of(nis2, "23(4)(b)", "Deadline passed, not sent")));
        // A month from a notification sent days ago (or due days ago) has not passed.
        Assert.Equal(["nis2 early met, notification late", "nis2 nothing sent"], Titles(Of(nis2, "23(4)(d)", "Still due")));
        Assert.Equal(0, Of(nis2, "23(4)(d)", "Deadline passed, not sent").Count);
    }

    [Fact]
    public async Task RegulatoryEvidence_ARestrictedBreachCountsForEveryone_ButIsListedOnlyToItsMembers()
    {
        SeedIncidents();
        var outsider = new Actor("outsider", "Outsider", PermissionTable.ForRole(Roles.Manager).ToHashSet());

        var gdpr = (await _app.Get<FrameworkEvidence>().LoadAsync(outsider, "gdpr", LastWeek, CancellationToken.None))!;

        var missed = Of(gdpr, "Art. 33(1)", "Deadline passed, not notified");
        Assert.Equal((2L, 1L), (missed.Count, missed.NotShown));
        Assert.Equal(["gdpr missed"], Titles(missed));
    }

    [Fact]
    public async Task PatchSla_CountsOpenFindingsOlderThanTheirSeveritysSla_HoweverLongBeforeThePeriodTheyWereRaised()
    {
        using (var db = TestStore.Open(_app.DataDirectory))
        {
            Alert Finding(string id, Severity severity, double daysAgo, AlertStatus status = AlertStatus.Open, string rule = "vuln-container-cve")
            {
                var at = Now.AddDays(-daysAgo);
                return new Alert
                {
                    DocumentId = id, Severity = severity, EventTime = at, AlertTime = at, IngestedAt = at, UpdatedAt = at,
                    RuleId = rule, RuleName = id, Source = "scanner", Fingerprint = id, Status = status,
                };
            }
            db.Alerts.AddRange(
                Finding("critical 10 days open", Severity.Critical, 10),                           // past 7 days
                Finding("critical 3 days open", Severity.Critical, 3),                             // within
                Finding("high 40 days acknowledged", Severity.High, 40, AlertStatus.Acknowledged), // past 30 days
                Finding("high 40 days closed", Severity.High, 40, AlertStatus.Closed),             // closed: remediated
                Finding("medium 100 days open", Severity.Medium, 100),                             // past 90 days
                Finding("low 100 days open", Severity.Low, 100),                                   // within 180 days
                Finding("not a finding", Severity.Critical, 30, rule: "edr-ps"));
            db.SaveChanges();
        }

        var view = (await _app.Get<FrameworkEvidence>().LoadAsync(Actor.System, "vulnerability-access", LastWeek, CancellationToken.None))!;

        Assert.Equal(["critical 10 days open", "high 40 days acknowledged", "medium 100 days open"], Titles(Of(view, "Patch SLA", "Findings open past their patch SLA")));
        // Raised within the period: only the one from three days ago.
        Assert.Equal(["critical 3 days open"], Titles(Of(view, "Patch SLA", "Findings raised")));
    }

    [Fact]
    public async Task AccessEvidence_ShowsMfaCoveragePerRole_AndActiveApiKeysByAge()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
            foreach (var (name, role, mfa) in new[] { ("Ana", Roles.Analyst, false), ("Rui", Roles.Responder, true), ("Rosa", Roles.Responder, false), ("Adam", Roles.Admin, false), ("Mia", Roles.Manager, true) })
            {
                var user = new SecOpsUser { UserName = name + "@example.test", Email = name + "@example.test", EmailConfirmed = true, DisplayName = name, TwoFactorEnabled = mfa };
                Assert.True((await users.CreateAsync(user, "Long-Enough-Password-1")).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }
        }
        var keys = _app.Get<ApiKeys>();
        await keys.CreateAsync(Actor.System, "old shipper", [PermissionTable.ScopeIngest], TimeSpan.FromDays(365), CancellationToken.None);
        await keys.CreateAsync(Actor.System, "new shipper", [PermissionTable.ScopeIngest], TimeSpan.FromDays(365), CancellationToken.None);
        await keys.CreateAsync(Actor.System, "old revoked", [PermissionTable.ScopeIngest], TimeSpan.FromDays(365), CancellationToken.None);
        using (var db = TestStore.Open(_app.DataDirectory))
        {
            foreach (var key in db.ApiKeys.Where(k => k.Name.StartsWith("old")).ToList())
            {
                key.CreatedAt = Now.AddDays(-120);
                key.RevokedAt = key.Name == "old revoked" ? Now.AddDays(-1) : null;
            }
            db.SaveChanges();
        }

        var view = (await _app.Get<FrameworkEvidence>().LoadAsync(Actor.System, "vulnerability-access", LastWeek, CancellationToken.None))!;

        Assert.Equal(["Mia (MFA on)", "Rui (MFA on)"], Titles(Of(view, "MFA", "Accounts with MFA")));
        Assert.Equal(["Adam (MFA off)", "Ana (MFA off)", "Rosa (MFA off)"], Titles(Of(view, "MFA", "Accounts without MFA")));
        Assert.Equal(["Adam (MFA off)", "Rosa (MFA off)"], Titles(Of(view, "MFA", "Administrators and responders without MFA")));
        var old = Of(view, "API keys", "Active keys older than 90 days");
        Assert.Equal(1, old.Count);
        Assert.StartsWith("old shipper: 120 days old, expires ", old.Items.Single().Title, StringComparison.Ordinal);
        var active = Of(view, "API keys", "Active API keys").Items.Select(i => i.Title.Split(':')[0]).ToList();
        Assert.Contains("new shipper", active);
        Assert.DoesNotContain("old revoked", active);
    }
}
