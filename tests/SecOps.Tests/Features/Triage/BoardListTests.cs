using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class BoardListTests
{
    private static FeedChange Change(AlertView alert) => new(alert.Seq, ChangeKind.AlertCreated, alert);

    private static BoardList WithRows(params long[] ids)
    {
        var list = new BoardList();
        list.Reset(ids.Select(id => Alerts.View(id)));
        return list;
    }

    [Fact]
    public void NewAlert_AtTheTop_IsInsertedAtOnce()
    {
        var list = WithRows(2, 1);

        list.Apply([Change(Alerts.View(3))], _ => true);

        Assert.Equal([3, 2, 1], list.Rows.Select(r => r.Id));
        Assert.Equal(0, list.PendingCount);
    }

    [Fact]
    public void NewAlert_WhileScrolledAway_WaitsBehindTheMarker_AndTheRowsDoNotMove()
    {
        var list = WithRows(2, 1);
        list.AtTop = false;

        list.Apply([Change(Alerts.View(3)), Change(Alerts.View(4))], _ => true);

        Assert.Equal([2, 1], list.Rows.Select(r => r.Id));
        Assert.Equal(2, list.PendingCount);
        list.ShowPending();
        Assert.Equal([4, 3, 2, 1], list.Rows.Select(r => r.Id));
    }

    [Fact]
    public void ChangedAlert_IsUpdatedInPlace_AndAnOlderVersionNeverOverwritesANewerOne()
    {
        var list = WithRows(3, 2, 1);

        list.Apply([Change(Alerts.View(2, rule: "renamed", seq: 10))], _ => true);
        list.Apply([Change(Alerts.View(2, rule: "stale", seq: 5))], _ => true);

        Assert.Equal([3, 2, 1], list.Rows.Select(r => r.Id));
        Assert.Equal("renamed", list.Rows[1].RuleName);
    }

    [Fact]
    public void AlertOutsideTheQuery_IsNotAdded()
    {
        var list = WithRows(1);

        list.Apply([Change(Alerts.View(2, severity: "low"))], a => a.Severity == "high");

        Assert.Equal([1], list.Rows.Select(r => r.Id));
    }

    [Fact]
    public void CursorAndCheckedRows_SurviveUpdatesAndInsertions()
    {
        var list = WithRows(3, 2, 1);
        list.SetCursor(2);
        list.ToggleChecked(1);

        list.Apply([Change(Alerts.View(4)), Change(Alerts.View(2, status: "closed", seq: 99))], _ => true);

        Assert.Equal(2, list.Cursor);
        Assert.Equal("closed", list.CursorAlert!.Status);
        Assert.Equal([1], list.Checked);
        Assert.Equal([1], list.Targets);
    }

    [Fact]
    public void Cursor_MovesWithinTheRows()
    {
        var list = WithRows(3, 2, 1);

        list.MoveCursor(1);
        Assert.Equal(3, list.Cursor);
        list.MoveCursor(5);
        Assert.Equal(1, list.Cursor);
        list.MoveCursor(-1);
        Assert.Equal(2, list.Cursor);
        Assert.Equal([2], list.Targets);
    }

    [Fact]
    public void List_KeepsAtMostItsRowLimit()
    {
        var list = new BoardList(3);
        list.Reset([Alerts.View(2), Alerts.View(1)]);
        list.ToggleChecked(1);

        list.Apply([Change(Alerts.View(3)), Change(Alerts.View(4))], _ => true);

        Assert.Equal([4, 3, 2], list.Rows.Select(r => r.Id));
        Assert.Empty(list.Checked);
    }

    [Fact]
    public void Remove_TakesPurgedAlertsOutOfTheRowsThePendingAndTheSelection_AndLeavesTheRestInPlace()
    {
        var list = WithRows(5, 4, 3, 2, 1);
        list.AtTop = false;
        list.Apply([Change(Alerts.View(6)), Change(Alerts.View(7))], _ => true);
        list.ToggleChecked(4);
        list.ToggleChecked(2);
        list.SetCursor(4);

        list.Remove([4, 1, 7]);

        Assert.Equal([5, 3, 2], list.Rows.Select(r => r.Id));
        Assert.Equal(1, list.PendingCount);
        Assert.Equal([2], list.Checked);
        Assert.Null(list.Cursor);
    }
}

public sealed class BoardListFoldingTests
{
    [Fact]
    public void FoldingRepeats_ShowsTheNewestOfEachFingerprintWithItsCount()
    {
        var list = new BoardList();
        list.Reset([Alerts.View(3) with { Fingerprint = "a" }, Alerts.View(2) with { Fingerprint = "b" }, Alerts.View(1) with { Fingerprint = "a" }]);

        list.FoldRepeats = true;

        Assert.Equal([3, 2], list.Visible.Select(r => r.Id));
        Assert.Equal(2, list.RepeatsOf(list.Rows[0]));
        Assert.Equal(1, list.RepeatsOf(list.Rows[1]));
        list.Apply([new FeedChange(9, ChangeKind.AlertCreated, Alerts.View(4) with { Fingerprint = "b", Seq = 9 })], _ => true);
        Assert.Equal([4, 3], list.Visible.Select(r => r.Id));
        list.FoldRepeats = false;
        Assert.Equal(4, list.Visible.Count);
    }
}

public sealed class BoardListPagingTests
{
    [Fact]
    public void OlderPage_IsAppendedWithoutDuplicates_UpToTheRowLimit()
    {
        var list = new BoardList(4);
        list.Reset([Alerts.View(9), Alerts.View(8)]);

        list.AppendOlder([Alerts.View(8), Alerts.View(7), Alerts.View(6), Alerts.View(5)]);

        Assert.Equal([9, 8, 7, 6], list.Rows.Select(r => r.Id));
    }
}

public sealed class BoardListOrderTests
{
    [Fact]
    public void InAnOrderOtherThanNewestFirst_NewAlertsWaitBehindTheMarkerEvenAtTheTop()
    {
        var list = new BoardList();
        list.Reset([Alerts.View(1)]);
        list.InsertLive = false;

        list.Apply([new FeedChange(2, ChangeKind.AlertCreated, Alerts.View(2))], _ => true);

        Assert.Equal([1], list.Rows.Select(r => r.Id));
        Assert.Equal(1, list.PendingCount);
    }
}
