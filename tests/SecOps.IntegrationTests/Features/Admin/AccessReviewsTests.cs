using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Compliance;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>
/// Issue #12, "access review campaigns recorded as evidence", and #11's "last access review": a campaign snapshots every
/// account and active API key, each is kept or revoked (revoking takes effect), nobody decides on their own account,
/// and a completed campaign is the access-review evidence on the compliance pages.
/// </summary>
public sealed class AccessReviewsTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private AccessReviews Reviews => _app.Get<AccessReviews>();

    [Fact]
    public async Task ACampaign_SnapshotsAccountsAndKeys_RevokingDisablesAndRevokes_OwnAccountRefused_AndCompletesOnlyWhenAllDecided()
    {
        var (ada, adaUser) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, beaUser) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var (_, cid) = await AdminPeople.CreateAsync(_app, "Cid", Roles.Analyst, mfa: true);
        var key = await _app.Get<ApiKeys>().CreateAsync(ada, "shipper", [PermissionTable.ScopeIngest], TimeSpan.FromDays(30), CancellationToken.None);

        var (started, error) = await Reviews.StartAsync(ada, "Q4 access review", CancellationToken.None);

        Assert.Null(error);
        var review = started!.Value;
        var items = await Reviews.ItemsAsync(ada, review, CancellationToken.None);
        var cidRow = Assert.Single(items, i => i.Label == cid.Email);
        Assert.Equal("role analyst, MFA on", cidRow.Access);
        Assert.StartsWith("role admin, MFA off", Assert.Single(items, i => i.Label == adaUser.Email).Access);
        var keyRow = Assert.Single(items, i => i.Subject == AccessReviewSubject.ApiKey && i.Label == $"shipper (key #{key.Id})");
        Assert.StartsWith("scopes ingest, 0 days old", keyRow.Access);
        Assert.True(Assert.Single(items, i => i.Label == adaUser.Email).Own);
        Assert.Equal((null, "An access review is still open: complete it before starting another."), await Reviews.StartAsync(bea, "another", CancellationToken.None));

        var adaOnAda = await Reviews.DecideAsync(ada, review, items.Single(i => i.Own).Id, AccessDecision.Keep, null, CancellationToken.None);
        Assert.Equal("Someone else must review your own access.", adaOnAda);
        Assert.Null(await Reviews.DecideAsync(ada, review, cidRow.Id, AccessDecision.Revoke, "left the company", CancellationToken.None));
        Assert.Null(await Reviews.DecideAsync(ada, review, keyRow.Id, AccessDecision.Revoke, null, CancellationToken.None));
        Assert.Equal("This item is already decided.", await Reviews.DecideAsync(bea, review, cidRow.Id, AccessDecision.Keep, null, CancellationToken.None));
        // Every account there is (the app's bootstrap administrator too) and the key: two of them decided.
        Assert.Equal($"{items.Count - 2} items are still undecided.", await Reviews.CompleteAsync(ada, review, CancellationToken.None));

        // Revoking took effect: the account is disabled, the key revoked.
        Assert.True(AccountChanges.IsDisabled((await AdminPeople.FindAsync(_app, cid.Id))!.LockoutEnd));
        using (var db = TestStore.Open(_app.DataDirectory))
        {
            Assert.NotNull((await db.ApiKeys.SingleAsync(k => k.Id == key.Id)).RevokedAt);
        }

        var others = items.Where(i => i.Id != cidRow.Id && i.Id != keyRow.Id && !i.Own).ToList();
        foreach (var other in others)
        {
            Assert.Null(await Reviews.DecideAsync(ada, review, other.Id, AccessDecision.Keep, null, CancellationToken.None));
        }
        Assert.Null(await Reviews.DecideAsync(bea, review, items.Single(i => i.Own).Id, AccessDecision.Keep, "still on call", CancellationToken.None));
        Assert.Null(await Reviews.CompleteAsync(bea, review, CancellationToken.None));

        var done = Assert.Single(await Reviews.ListAsync(ada, CancellationToken.None));
        Assert.Equal((items.Count, items.Count, 2, beaUser.Email), (done.Items, done.Decided, done.Revoked, done.CompletedBy));
        var decided = await Reviews.ItemsAsync(ada, review, CancellationToken.None);
        Assert.Equal(("left the company", adaUser.Email), (decided.Single(i => i.Id == cidRow.Id).Note, decided.Single(i => i.Id == cidRow.Id).DecidedBy));
        Assert.Equal("This review is completed; start a new one.", await Reviews.DecideAsync(ada, review, cidRow.Id, AccessDecision.Keep, null, CancellationToken.None));
        var (next, _) = await Reviews.StartAsync(ada, "Q1 access review", CancellationToken.None);
        Assert.Equal(["Q1 access review", "Q4 access review"], (await Reviews.ListAsync(ada, CancellationToken.None)).Select(r => r.Name));

        Assert.Equal([
            $"{ada.Id} access-review.start access-review:{review} Success",
            $"{ada.Id} access-review.decide access-review:{review}/{items.Single(i => i.Own).Id} Refused",
            $"{ada.Id} access-review.decide access-review:{review}/{cidRow.Id} Success",
            $"{ada.Id} access-review.decide access-review:{review}/{keyRow.Id} Success",
            .. others.Select(o => $"{ada.Id} access-review.decide access-review:{review}/{o.Id} Success"),
            $"{bea.Id} access-review.decide access-review:{review}/{items.Single(i => i.Label == adaUser.Email).Id} Success",
            $"{bea.Id} access-review.complete access-review:{review} Success",
            $"{ada.Id} access-review.start access-review:{next!.Value} Success",
        ], await AdminPeople.TrailAsync(_app, r => r.Action.StartsWith("access-review.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ACompletedCampaign_IsTheAccessReviewEvidence_OnTheVulnerabilityAndAccessPage()
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, beaUser) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);
        var period = MetricPeriod.LastDays(DateTimeOffset.UtcNow, 30);
        var evidence = _app.Get<FrameworkEvidence>();

        async Task<FrameworkEvidence.SelectorResult> CompletedReviewsAsync() =>
            (await evidence.LoadAsync(ada, "vulnerability-access", period, CancellationToken.None))!
                .Controls.Single(c => c.Control.Id == "Access review").Evidence.Single(e => e.Selector.Kind == EvidenceKind.AccessReviews);

        Assert.Equal(0, (await CompletedReviewsAsync()).Count);
        var review = (await Reviews.StartAsync(ada, "Annual review", CancellationToken.None)).ReviewId!.Value;
        foreach (var item in await Reviews.ItemsAsync(bea, review, CancellationToken.None))
        {
            Assert.Null(await Reviews.DecideAsync(item.Own ? ada : bea, review, item.Id, AccessDecision.Keep, null, CancellationToken.None));
        }
        Assert.Equal(0, (await CompletedReviewsAsync()).Count);
        Assert.Null(await Reviews.CompleteAsync(bea, review, CancellationToken.None));

        var reviewed = (await Reviews.ItemsAsync(ada, review, CancellationToken.None)).Count;
        var shown = await CompletedReviewsAsync();
        Assert.Equal(1, shown.Count);
        var last = Assert.Single(shown.Items);
        Assert.Equal($"access review {review}", last.Id);
        Assert.StartsWith($"Annual review: {reviewed} reviewed, 0 revoked; started ", last.Title);
        Assert.EndsWith($"completed by {beaUser.Email}", last.Title);
    }
}
