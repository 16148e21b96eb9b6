using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Reviews;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>
/// Tombstones: a deleted incident's tells who could see it that it was deleted (a page opened on it says so) and tells an
/// outsider to a restricted one nothing; they go with their change-feed entries when the feed's retention purges them,
/// the deleted tasks' with them, and then the incident is as unknown as one that never existed. Rita is named on the
/// restricted incident, Otto is not, Ada is an administrator.
/// </summary>
public sealed class IncidentTombstoneTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T);
    private readonly SecOpsApp _app;
    private NeedToKnowPeople _people = default!;

    public IncidentTombstoneTests() => _app = new SecOpsApp(time: _time);

    public async Task InitializeAsync() => _people = await NeedToKnowPeople.CreateAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ADeletedIncident_IsKnownAsDeletedToWhoCouldSeeIt_UntilTheFeedRetentionPurgesItsTombstone()
    {
        var escalation = _app.Get<IncidentEscalation>();
        var queries = _app.Get<IncidentQueries>();
        var restricted = (await escalation.CreateAsync(_people.Rita, new NewIncident("Insider case", Restricted: true), [], CancellationToken.None)).IncidentId;
        var open = (await escalation.CreateAsync(_people.Rita, new NewIncident("Open case"), [], CancellationToken.None)).IncidentId;
        FollowUpEdit[] two = [new("Retire the shared admin account", _people.Rita.Id, null), new("Review HR hand-over", _people.Rita.Id, null)];
        var reviews = _app.Get<PostIncidentReviews>();
        Assert.True((await reviews.SaveAsync(_people.Rita, open, new ReviewEdit(0, "Weak filter", "Fast reset", "Late report", two), CancellationToken.None)).Succeeded);
        var version = (await reviews.GetAsync(_people.Rita, open, CancellationToken.None))!.Version;
        // Saving one follow-up of two removes the other's task: a task tombstone.
        Assert.True((await reviews.SaveAsync(_people.Rita, open, new ReviewEdit(version, "Weak filter", "Fast reset", "Late report", two[..1]), CancellationToken.None)).Succeeded);
        var removal = _app.Get<IncidentRemoval>();
        Assert.True((await removal.DeleteAsync(_people.Ada, restricted, CancellationToken.None)).Deleted);
        Assert.True((await removal.DeleteAsync(_people.Ada, open, CancellationToken.None)).Deleted);

        Assert.Equal((true, true, true), (await queries.WasDeletedAsync(_people.Rita, restricted, CancellationToken.None),
            await queries.WasDeletedAsync(_people.Ada, restricted, CancellationToken.None), await queries.WasDeletedAsync(_people.Otto, open, CancellationToken.None)));
        Assert.False(await queries.WasDeletedAsync(_people.Otto, restricted, CancellationToken.None));
        Assert.False(await queries.WasDeletedAsync(_people.Rita, open + 1000, CancellationToken.None));
        Assert.Equal((2, 1), await TombstonesAsync());

        // A day inside the retention: nothing goes. Past it (with a newer change, since the newest entry always stays):
        // the feed entries and their tombstones go together.
        var retention = _app.Get<Microsoft.Extensions.Options.IOptions<LiveOptions>>().Value.FeedRetention;
        _time.Advance(retention - TimeSpan.FromDays(1));
        await _app.Get<FeedRetention>().PurgeAsync(CancellationToken.None);
        Assert.Equal((2, 1), await TombstonesAsync());
        _time.Advance(TimeSpan.FromDays(2));
        await escalation.CreateAsync(_people.Rita, new NewIncident("Later case"), [], CancellationToken.None);
        // (The hourly purge may run on the fake clock's advance as well; either purge leaves the same.)
        await _app.Get<FeedRetention>().PurgeAsync(CancellationToken.None);

        Assert.Equal((0, 0), await TombstonesAsync());
        Assert.False(await queries.WasDeletedAsync(_people.Rita, restricted, CancellationToken.None));
        Assert.False(await queries.WasDeletedAsync(_people.Otto, open, CancellationToken.None));
    }

    private async Task<(int Incidents, int Tasks)> TombstonesAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return (await db.IncidentTombstones.CountAsync(), await db.TaskTombstones.CountAsync());
    }
}
