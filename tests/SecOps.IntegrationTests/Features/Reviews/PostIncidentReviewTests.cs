using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Reviews;

/// <summary>
/// Post-incident reviews on the real store: required (complete) before a high or critical incident is closed, saved
/// whole on the version read (stale saves refused), validated with nothing written on refusal, on the timeline, audited,
/// in the Markdown export, and under need-to-know and the roles' permissions.
/// </summary>
public sealed class PostIncidentReviewTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new();
    private NeedToKnowPeople _people = null!;

    public async Task InitializeAsync() => _people = await NeedToKnowPeople.CreateAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private PostIncidentReviews Reviews => _app.Get<PostIncidentReviews>();

    private async Task<long> CreateAsync(Severity severity, bool restricted = false)
    {
        var created = await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Ransomware on file server", Severity: severity, Restricted: restricted), [], CancellationToken.None);
        Assert.True(created.Succeeded, created.Error);
        return created.IncidentId;
    }

    private async Task<EditOutcome> CloseAsync(long id, Severity? severity = null)
    {
        var incident = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, id, CancellationToken.None))!;
        return await _app.Get<IncidentEditing>().UpdateAsync(_people.Rita, id,
            new IncidentEdit(incident.Version, IncidentStatus.Closed, IncidentPhase.PostIncident, severity ?? incident.Severity, null), CancellationToken.None);
    }

    private ReviewEdit Complete(int version, params FollowUpEdit[] followUps) =>
        new(version, "Unpatched VPN appliance (CVE-2024-3400)", "Backups restored within 4 h", "EDR alert sat unread for 6 h", followUps);

    [Theory]
    [InlineData(Severity.High)]
    [InlineData(Severity.Critical)]
    public async Task AHighOrCriticalIncident_IsClosedOnlyAfterACompleteReview(Severity severity)
    {
        var id = await CreateAsync(severity);

        var withoutReview = await CloseAsync(id);
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, new ReviewEdit(0, "Unpatched VPN appliance", "", "", []), CancellationToken.None)).Succeeded);
        var withDraft = await CloseAsync(id);
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, Complete(1), CancellationToken.None)).Succeeded);
        var withReview = await CloseAsync(id);

        Assert.Equal((false, PostIncidentReviews.RequiredToClose), (withoutReview.Succeeded, withoutReview.Error));
        Assert.Equal((false, PostIncidentReviews.RequiredToClose), (withDraft.Succeeded, withDraft.Error));
        Assert.True(withReview.Succeeded, withReview.Error);
        Assert.Equal(IncidentStatus.Closed, (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, id, CancellationToken.None))!.Status);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.Action == "incident.update" && r.Outcome == AuditOutcome.Refused
            && r.Details == "close refused: no complete post-incident review"));
    }

    [Fact]
    public async Task AMediumIncident_ClosesWithoutAReview_ButNotWhenTheSameEditRaisesItToHigh()
    {
        var medium = await CreateAsync(Severity.Medium);
        var raised = await CreateAsync(Severity.Medium);

        var closed = await CloseAsync(medium);
        var raisedAndClosed = await CloseAsync(raised, Severity.High);

        Assert.True(closed.Succeeded, closed.Error);
        Assert.Equal((false, PostIncidentReviews.RequiredToClose), (raisedAndClosed.Succeeded, raisedAndClosed.Error));
        var stored = (await _app.Get<IncidentQueries>().GetAsync(_people.Rita, raised, CancellationToken.None))!;
        Assert.Equal((IncidentStatus.Open, Severity.Medium, 0), (stored.Status, stored.Severity, stored.Version));
    }

    [Fact]
    public async Task AReview_IsSavedWhole_OnTheVersionRead_OnTheTimeline_Audited_AndAStaleSaveChangesNothing()
    {
        var id = await CreateAsync(Severity.High);
        var due = new DateTimeOffset(2027, 1, 15, 0, 0, 0, TimeSpan.Zero);

        var first = await Reviews.SaveAsync(_people.Rita, id, Complete(0,
            new FollowUpEdit("Patch every VPN appliance", _people.Otto.Id, due), new FollowUpEdit("Page on EDR criticals", _people.Rita.Id, null, Done: true)), CancellationToken.None);
        var stale = await Reviews.SaveAsync(_people.Otto, id, new ReviewEdit(0, "Something else", "x", "y", []), CancellationToken.None);
        var review = await Reviews.GetAsync(_people.Ada, id, CancellationToken.None);

        Assert.True(first.Succeeded, first.Error);
        Assert.False(stale.Succeeded);
        Assert.StartsWith("Someone saved this review since you opened it; nothing was saved.", stale.Error, StringComparison.Ordinal);
        Assert.NotNull(review);
        Assert.Equal(("Unpatched VPN appliance (CVE-2024-3400)", 1, true, "rita@example.test"), (review.RootCause, review.Version, review.Complete, review.UpdatedBy));
        Assert.Equal([("Patch every VPN appliance", "otto@example.test", (DateTimeOffset?)due, false), ("Page on EDR criticals", "rita@example.test", null, true)],
            review.FollowUps.Select(f => (f.Action, f.OwnerName, f.DueAt, f.Done)));
        var timeline = await _app.Get<IncidentQueries>().TimelineAsync(_people.Rita, id, CancellationToken.None);
        Assert.Equal("Post-incident review saved (2 follow-ups, 1 done)", timeline[^1].Title);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditRecords.SingleAsync(r => r.Action == "incident.review");
        Assert.Equal((_people.Rita.Id, "incident:" + id, "version 1; complete; 2 follow-ups"), (audit.ActorId, audit.Target, audit.Details));

        // A save on the version read replaces the follow-ups whole.
        var second = await Reviews.SaveAsync(_people.Otto, id, Complete(1, new FollowUpEdit("Tabletop exercise", _people.Ada.Id, null)), CancellationToken.None);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(["Tabletop exercise"], (await Reviews.GetAsync(_people.Rita, id, CancellationToken.None))!.FollowUps.Select(f => f.Action));
        Assert.Equal(1, await db.ReviewFollowUps.CountAsync(f => f.IncidentId == id));
    }

    [Fact]
    public async Task InvalidReviews_AreRefusedWithAClearReason_AndNothingIsWritten()
    {
        var id = await CreateAsync(Severity.High);
        var longText = new string('a', PostIncidentReviews.TextLength + 1);

        var outcomes = new[]
        {
            await Reviews.SaveAsync(_people.Rita, id, Complete(0, new FollowUpEdit(" ", _people.Otto.Id, null)), CancellationToken.None),
            await Reviews.SaveAsync(_people.Rita, id, Complete(0, new FollowUpEdit("Patch", "", null)), CancellationToken.None),
            await Reviews.SaveAsync(_people.Rita, id, Complete(0, new FollowUpEdit("Patch", _people.Otto.Id, null), new FollowUpEdit("Retrain", "no-such-account", null)), CancellationToken.None),
            await Reviews.SaveAsync(_people.Rita, id, new ReviewEdit(0, longText, "x", "y", []), CancellationToken.None),
        };

        Assert.Equal(
            [
                "Follow-up 1: say what is to be done.",
                "Follow-up 1: choose its owner.",
                "A follow-up's owner is not an account here: choose someone from the list.",
                $"Each part of the review is at most {PostIncidentReviews.TextLength} characters.",
            ],
            outcomes.Select(o => o.Error));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal((0, 0), (await db.PostIncidentReviews.CountAsync(), await db.ReviewFollowUps.CountAsync()));
        Assert.Null(await Reviews.GetAsync(_people.Rita, id, CancellationToken.None));
    }

    [Fact]
    public async Task RolesAndNeedToKnow_ManagersAndAnalystsRead_AnOutsiderOfARestrictedIncidentGetsNothing()
    {
        var open = await CreateAsync(Severity.High);
        var restricted = await CreateAsync(Severity.High, restricted: true);
        Assert.True((await Reviews.SaveAsync(_people.Rita, restricted, Complete(0), CancellationToken.None)).Succeeded);
        Assert.True((await Reviews.SaveAsync(_people.Rita, open, Complete(0), CancellationToken.None)).Succeeded);
        var manager = IncidentEscalationTests.As(Roles.Manager, "mia");
        var analyst = IncidentEscalationTests.As(Roles.Analyst, "ana");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.SaveAsync(manager, open, Complete(1), CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reviews.SaveAsync(analyst, open, Complete(1), CancellationToken.None));
        var outsider = await Reviews.SaveAsync(_people.Otto, restricted, Complete(1), CancellationToken.None);

        Assert.NotNull(await Reviews.GetAsync(manager, open, CancellationToken.None));
        Assert.Equal((false, "The incident does not exist."), (outsider.Succeeded, outsider.Error));
        Assert.Null(await Reviews.GetAsync(_people.Otto, restricted, CancellationToken.None));
        Assert.NotNull(await Reviews.GetAsync(_people.Ada, restricted, CancellationToken.None));
    }

    [Fact]
    public async Task TheMarkdownExport_HoldsTheReview_WithHostileTextEscaped()
    {
        var id = await CreateAsync(Severity.High);
        Assert.True((await Reviews.SaveAsync(_people.Rita, id, new ReviewEdit(0, "Phished <script>alert(1)</script>\n# not a heading", "[fast](javascript:alert(1))", "Slow paging",
            [new FollowUpEdit("Enforce **FIDO2** keys", _people.Otto.Id, new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero))]), CancellationToken.None)).Succeeded);

        var data = await _app.Get<IncidentExportReader>().ReadAsync(_people.Rita, id, CancellationToken.None);
        var markdown = IncidentExport.Markdown(data!);

        Assert.Contains("## Post-incident review", markdown, StringComparison.Ordinal);
        Assert.Contains("Phished \\<script\\>alert\\(1\\)\\<\\/script\\>  " + Environment.NewLine + "\\# not a heading", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[fast\\]\\(javascript\\:alert\\(1\\)\\)", markdown, StringComparison.Ordinal);
        Assert.Contains("- open: Enforce \\*\\*FIDO2\\*\\* keys · owner otto\\@example\\.test · due 2027-02-01", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
    }
}
