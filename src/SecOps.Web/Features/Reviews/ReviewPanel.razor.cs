using Microsoft.AspNetCore.Components;
using MudBlazor;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Reviews;

/// <summary>
/// The review panel of the incident page. Follows its incident in the change feed and re-reads the review on any change;
/// a colleague's save never replaces text being written here: the form keeps it (on the version it was started from, so
/// saving it is refused) and offers theirs.
/// </summary>
public sealed partial class ReviewPanel
{
    private ReviewView? _stored;
    private ReviewView? _theirs;
    private IReadOnlyList<ReviewOwner> _owners = [];
    private bool _canWrite;
    private bool _dirty;
    private int _version;
    private string _rootCause = "";
    private string _wentWell = "";
    private string _wentBadly = "";
    private List<FollowUpRow> _followUps = [];
    private string? _error;

    /// <summary>The incident's severity: at high or critical the review is required before closing.</summary>
    [Parameter] public Alerts.Severity Severity { get; set; }

    [Inject] private PostIncidentReviews Reviews { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>A follow-up as the form holds it.</summary>
    private sealed class FollowUpRow
    {
        public string Action { get; set; } = "";
        public string OwnerId { get; set; } = "";
        public DateOnly? Due { get; set; }
        public bool Done { get; set; }
    }

    protected override async Task OnViewerKnownAsync()
    {
        _canWrite = Viewer.Can(Permission.IncidentsWrite);
        if (_canWrite)
        {
            _owners = await Reviews.OwnersAsync(CancellationToken.None);
        }
    }

    protected override async Task LoadAsync()
    {
        var stored = await Reviews.GetAsync(Viewer, IncidentId, CancellationToken.None);
        if ((stored?.Version ?? 0) == _version)
        {
            _stored = stored;
        }
        else if (!_dirty)
        {
            Adopt(stored);
        }
        else
        {
            _theirs = stored;
        }
    }

    private void Adopt(ReviewView? review)
    {
        (_stored, _theirs, _dirty, _error) = (review, null, false, null);
        _version = review?.Version ?? 0;
        (_rootCause, _wentWell, _wentBadly) = (review?.RootCause ?? "", review?.WentWell ?? "", review?.WentBadly ?? "");
        _followUps = [.. (review?.FollowUps ?? []).Select(f => new FollowUpRow
        {
            Action = f.Action,
            OwnerId = f.OwnerId,
            Due = f.DueAt is { } due ? DateOnly.FromDateTime(due.UtcDateTime) : null,
            Done = f.Done,
        })];
    }

    private void LoadTheirs() => Adopt(_theirs);

    private void Touch() => _dirty = true;

    private void Add()
    {
        _followUps.Add(new FollowUpRow());
        _dirty = true;
    }

    private void Remove(FollowUpRow row)
    {
        _followUps.Remove(row);
        _dirty = true;
    }

    private async Task SaveAsync()
    {
        List<FollowUpEdit> followUps = [.. _followUps.Select(r => new FollowUpEdit(r.Action, r.OwnerId,
            r.Due is { } due ? new DateTimeOffset(due.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null, r.Done))];
        var outcome = await Reviews.SaveAsync(Viewer, IncidentId, new ReviewEdit(_version, _rootCause, _wentWell, _wentBadly, followUps), CancellationToken.None);
        if (!outcome.Succeeded)
        {
            _error = outcome.Error;
            return;
        }
        Snackbar.Add("Review saved.", MudBlazor.Severity.Success);
        Adopt(await Reviews.GetAsync(Viewer, IncidentId, CancellationToken.None));
    }

}
