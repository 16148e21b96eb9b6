using SecOps.Tests.Support;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Features.Live;

public sealed class FeedReconcilerTests
{
    private static FeedChange Change(long seq, long alertId, string rule = "Rule") =>
        new(seq, ChangeKind.AlertUpdated, Alerts.View(alertId, rule: rule, seq: seq));

    private static BulkNotice Bulk(long from, long to) => new(from, to, (int)(to - from + 1), "AlertTriaged");

    private static (long Seq, long Id, string Rule)[] Shape(FeedBatch batch) => batch.Changes.Select(c => (c.Seq, c.Alert.Id, c.Alert.RuleName)).ToArray();

    [Fact]
    public void FramesDuringALoad_AreHeld_AndOnlyThoseNewerThanTheSnapshotAreAppliedAfterIt_EachOnce()
    {
        var sync = new FeedReconciler();
        var read = sync.BeginRead(head: 10);

        // In flight when the head was read (already in the snapshot), then newer ones, one of them twice.
        Assert.Equal(FeedBatch.Empty, sync.Accept([Change(9, 1), Change(10, 2)], []));
        Assert.Equal(FeedBatch.Empty, sync.Accept([Change(11, 3), Change(12, 4, "first")], []));
        Assert.Equal(FeedBatch.Empty, sync.Accept([Change(13, 4, "second")], []));
        var held = sync.EndRead(read);

        Assert.Equal([(11L, 3L, "Rule"), (13L, 4L, "second")], Shape(held));
        Assert.False(held.Behind);
        Assert.Equal(13, sync.LastApplied);

        // The same frames again (a late copy) and then the next change: only the next change is applied.
        Assert.Empty(sync.Accept([Change(12, 4), Change(13, 4)], []).Changes);
        Assert.Equal([(14L, 5L, "Rule")], Shape(sync.Accept([Change(14, 5)], [])));
    }

    [Fact]
    public void IncidentNumbers_AreSkippedWithoutAGap_AndChangeNothingInTheView()
    {
        var sync = new FeedReconciler();
        sync.EndRead(sync.BeginRead(head: 5));

        // 6 and 8 are incident changes: the alert at 7 and 9 apply, and nothing counts as lost.
        var batch = sync.Accept([Change(7, 1), Change(9, 2)], [], [6, 8]);

        Assert.Equal([(7L, 1L, "Rule"), (9L, 2L, "Rule")], Shape(batch));
        Assert.False(batch.Bulk);
        Assert.False(sync.Behind);
        Assert.Equal(9, sync.LastApplied);

        // Without the skipped number a gap is still noticed.
        Assert.True(sync.Accept([Change(11, 3)], []).Behind);
    }

    [Fact]
    public void EveryReload_StartsFromItsOwnHead_AndAnOlderFrameIsSkipped()
    {
        var sync = new FeedReconciler();
        sync.EndRead(sync.BeginRead(head: 5));
        Assert.Equal([(6L, 1L, "Rule")], Shape(sync.Accept([Change(6, 1)], [])));

        // A query change: the new snapshot holds everything up to 20, so 7..20 arriving late are skipped.
        var read = sync.BeginRead(head: 20);
        sync.Accept([Change(7, 2), Change(20, 3)], []);
        Assert.Empty(sync.EndRead(read).Changes);
        Assert.Empty(sync.Accept([Change(18, 4)], []).Changes);
        Assert.Equal(20, sync.LastApplied);
    }

    [Fact]
    public void ANewerRead_ReplacesAnOlderOne_WhoseResultIsDropped()
    {
        var sync = new FeedReconciler();
        var first = sync.BeginRead(head: 5);
        var second = sync.BeginRead(head: 8);

        Assert.False(sync.IsCurrent(first));
        Assert.True(sync.IsCurrent(second));
        sync.AbortRead(first);
        Assert.True(sync.Reading);
        sync.Accept([Change(9, 1)], []);
        Assert.Equal([(9L, 1L, "Rule")], Shape(sync.EndRead(second)));
    }

    [Fact]
    public void HeldChangesOverTheBound_CollapseToTheLatestPerAlert_AndBeyondItTheViewFallsBehind()
    {
        var sync = new FeedReconciler(capacity: 3);
        var read = sync.BeginRead(head: 0);

        // Ten changes of three alerts: within the bound once collapsed.
        sync.Accept(Enumerable.Range(1, 10).Select(i => Change(i, i % 3, "v" + i)), []);
        Assert.False(sync.Behind);
        // A fourth alert is beyond the bound: what was held is dropped and the view must re-read from its snapshot.
        sync.Accept([Change(11, 7)], []);
        Assert.True(sync.Behind);
        var held = sync.EndRead(read);

        Assert.True(held.Behind);
        Assert.Empty(held.Changes);
        Assert.Equal(0, sync.LastApplied);
    }

    [Fact]
    public void HeldChangesWithinTheBound_AreTheLatestVersionOfEachAlert()
    {
        var sync = new FeedReconciler(capacity: 3);
        var read = sync.BeginRead(head: 0);
        sync.Accept(Enumerable.Range(1, 10).Select(i => Change(i, i % 3, "v" + i)), []);

        Assert.Equal([(8L, 2L, "v8"), (9L, 0L, "v9"), (10L, 1L, "v10")], Shape(sync.EndRead(read)));
    }

    [Fact]
    public void AGapInTheNumbers_IsFallingBehind_AndNothingOfThatFrameIsApplied_UntilTheViewReReadsFromItsLastNumber()
    {
        var sync = new FeedReconciler();
        sync.EndRead(sync.BeginRead(head: 10));
        Assert.Single(sync.Accept([Change(11, 1)], []).Changes);

        // 12 and 13 were lost on the way (a receiver buffer dropped them).
        var batch = sync.Accept([Change(14, 2), Change(15, 3)], []);
        Assert.True(batch.Behind);
        Assert.Empty(batch.Changes);
        Assert.Equal(11, sync.LastApplied);
        // Still behind for every later frame until the re-read.
        Assert.True(sync.Accept([Change(16, 4)], []).Behind);

        // The re-read covers 12..16 from the feed; what arrives during it and is newer is applied after it.
        var read = sync.BeginRead(head: 16);
        sync.Accept([Change(16, 4), Change(17, 5)], []);
        var after = sync.EndRead(read);
        Assert.False(after.Behind);
        Assert.Equal([(17L, 5L, "Rule")], Shape(after));
        Assert.Equal(17, sync.LastApplied);
    }

    [Fact]
    public void BulkNotices_CountInTheNumbering_AndAskForARefreshOnce()
    {
        var sync = new FeedReconciler();
        sync.EndRead(sync.BeginRead(head: 10));

        var batch = sync.Accept([Change(16, 1)], [Bulk(11, 15)]);
        Assert.True(batch.Bulk);
        Assert.Equal([(16L, 1L, "Rule")], Shape(batch));
        Assert.False(sync.Accept([], [Bulk(11, 15)]).Bulk);

        var read = sync.BeginRead(head: 16);
        sync.Accept([], [Bulk(17, 30)]);
        Assert.True(sync.EndRead(read).Bulk);
        Assert.Equal(30, sync.LastApplied);
    }

    [Fact]
    public void AFailedFrame_RewindsToBeforeIt_AndAFailedReadToBeforeTheRead()
    {
        var sync = new FeedReconciler();
        sync.EndRead(sync.BeginRead(head: 10));
        sync.Accept([Change(11, 1), Change(12, 2)], []);

        sync.Failed(10);
        Assert.True(sync.Accept([Change(13, 3)], []).Behind);
        Assert.Equal(10, sync.LastApplied);

        var read = sync.BeginRead(head: 13);
        sync.AbortRead(read);
        Assert.True(sync.Behind);
        Assert.False(sync.Reading);
        Assert.Equal(10, sync.LastApplied);
    }
}
