using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Reviews;

/// <summary>
/// The review panel of the incident page. Follows its incident in the change feed and re-reads the review on any change;
/// a colleague's save never replaces text being written here: the form keeps it (on the version it was started from, so
/// saving it is refused) and offers theirs.
/// </summary>
public sealed partial class ReviewPanel : IDisposable
{
    private ReviewView? _stored;
    private ReviewView? _theirs;
    private IReadOnlyList<ReviewOwner> _owners = [];
    private Actor _actor = Actor.Anonymous;
    private bool _canWrite;
    private bool _denied;
    private bool _dirty;
    private bool _interactive;
    private int _version;
    private string _rootCause = "";
    private string _wentWell = "";
    private string _wentBadly = "";
    private List<FollowUpRow> _followUps = [];
    private string? _error;
    private IDisposable? _subscription;

    [Parameter, EditorRequired] public long IncidentId { get; set; }

    /// <summary>The incident's severity: at high or critical the review is required before closing.</summary>
    [Parameter] public Alerts.Severity Severity { get; set; }

    [Inject] private PostIncidentReviews Reviews { get; set; } = default!;
    [Inject] private Live.LiveFeed Feed { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A follow-up as the form holds it.</summary>
    private sealed class FollowUpRow
    {
        public string Action { get; set; } = "";
        public string OwnerId { get; set; } = "";
        public DateOnly? Due { get; set; }
        public bool Done { get; set; }
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _canWrite = _actor.Can(Permission.IncidentsWrite);
        if (_canWrite)
        {
            _owners = await Reviews.OwnersAsync(CancellationToken.None);
        }
        _subscription = Feed.Follow(_actor, _ => false, id =>
        {
            if (id == IncidentId)
            {
                _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        });
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var stored = await Reviews.GetAsync(_actor, IncidentId, CancellationToken.None);
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
        catch (AccessDeniedException)
        {
            _denied = true;
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
        var outcome = await Reviews.SaveAsync(_actor, IncidentId, new ReviewEdit(_version, _rootCause, _wentWell, _wentBadly, followUps), CancellationToken.None);
        if (!outcome.Succeeded)
        {
            _error = outcome.Error;
            return;
        }
        Snackbar.Add("Review saved.", MudBlazor.Severity.Success);
        Adopt(await Reviews.GetAsync(_actor, IncidentId, CancellationToken.None));
    }

    public void Dispose() => _subscription?.Dispose();
}
