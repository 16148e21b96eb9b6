using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using SecOps.Web.Features.Regulatory;
using SecOps.Web.Features.Sla;
using MudBlazor;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// One incident: its facts, the responder's edit form, the timeline and notes. Any committed change to it (from this
/// or another viewer, on this instance or another) arrives through the change feed and re-reads it, so everyone on the
/// page sees the same incident. Its deletion arrives the same way and leaves the page saying so.
/// </summary>
public sealed partial class IncidentPage
{
    private IncidentView? _incident;
    private IReadOnlyList<TimelineEntry> _timeline = [];
    private IncidentAuditEventsResult _auditEvents = IncidentAuditEventsResult.None();
    private (int Alerts, int Users)? _auditEventsFor;
    private Actor _actor = Actor.Anonymous;
    private bool _canWrite;
    private bool _denied;
    private bool _missing;
    private bool _deleted;
    private string? _conflict;
    private string? _note;
    private IDisposable? _subscription;
    private IDisposable? _presenceSubscription;
    private Presence.PresenceTracker.View? _presence;
    private bool _editorEditing;
    private IReadOnlyList<Triage.Assignee> _people = [];
    private IReadOnlyList<Teams.TeamView> _teams = [];
    private IReadOnlyList<RegulatoryDeadline> _deadlines = [];
    private DateTimeOffset _now;
    private IJSObjectReference? _clocks;
    private IReadOnlyList<Evidence.EvidenceView> _evidence = [];
    private IReadOnlyDictionary<long, Sighting> _seenBefore = new Dictionary<long, Sighting>();

    [Parameter] public long Id { get; set; }

    [Inject] private IncidentQueries Queries { get; set; } = default!;
    [Inject] private TimelineCache Timelines { get; set; } = default!;
    [Inject] private IncidentEditing Editing { get; set; } = default!;
    [Inject] private Live.LiveFeed Feed { get; set; } = default!;
    [Inject] private Triage.TriagePeople People { get; set; } = default!;
    [Inject] private IncidentObservables Observables { get; set; } = default!;
    [Inject] private Teams.Teams Teams { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private RegulatoryClock Clock { get; set; } = default!;
    [Inject] private SlaClock SlaClocks { get; set; } = default!;
    [Inject] private IncidentRegulatory RegulatoryRecords { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private Evidence.IncidentEvidence EvidenceFiles { get; set; } = default!;
    [Inject] private SeenBefore Sightings { get; set; } = default!;
    [Inject] private IncidentAuditEvents AuditEvents { get; set; } = default!;
    [Inject] private Presence.PresenceTracker Presence { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        _canWrite = _actor.Can(Permission.IncidentsWrite);
        if (_canWrite)
        {
            _people = await People.ListAsync(CancellationToken.None);
            _teams = await Teams.ListAsync(_actor, CancellationToken.None);
        }
        _subscription = Feed.Follow(_actor, id => id == Id && _incident is not null, id =>
        {
            if (id == Id)
            {
                _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        }, id =>
        {
            if (id == Id)
            {
                _ = InvokeAsync(() => { Deleted(); StateHasChanged(); });
            }
        });
    }

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        // Present only on an incident this person may see: an outsider's visit shows nobody anything.
        if (_incident is not null && _presence is null)
        {
            var subject = Features.Presence.PresenceSubject.Incident(Id);
            _presence = Presence.Enter(subject, _actor.Name);
            _presenceSubscription = Presence.Subscribe(changed =>
            {
                if (changed == subject)
                {
                    _ = InvokeAsync(StateHasChanged);
                }
            });
        }
    }

    /// <summary>Everyone else on this incident now, and whether they have unsaved work here.</summary>
    private IReadOnlyList<Features.Presence.PresentPerson> Present => _presence is null ? [] : Presence.Present(_presence.Subject, _presence);

    private void EditorEditing(bool editing)
    {
        _editorEditing = editing;
        ReportEditing();
    }

    private void ReportEditing() => _presence?.SetEditing(_editorEditing || !string.IsNullOrWhiteSpace(_note));

    /// <summary>
    /// Its own removal arrived, or the page was opened on an incident already deleted (its tombstone tells, to those who
    /// could see it): the page says so and stops offering edits (no form, no panels), and leaves the incident's presence.
    /// Nothing reads it again: there is nothing left to read.
    /// </summary>
    private void Deleted()
    {
        _deleted = true;
        _incident = null;
        _timeline = [];
        _evidence = [];
        _presenceSubscription?.Dispose();
        _presence?.Dispose();
        (_presenceSubscription, _presence) = (null, null);
    }

    private async Task LoadAsync()
    {
        if (_deleted)
        {
            return;
        }
        try
        {
            _incident = await Queries.GetAsync(_actor, Id, CancellationToken.None);
            if (_incident is null && await Queries.WasDeletedAsync(_actor, Id, CancellationToken.None))
            {
                Deleted();
                return;
            }
            _missing = _incident is null;
            // Every open page of this incident holds the same list (shared once read equal), not a copy of its own.
            _timeline = _incident is null ? [] : Timelines.Share(Id, IncidentAuditEvents.Merge(await Queries.TimelineAsync(_actor, Id, CancellationToken.None), await AuditEventsAsync(_incident)));
            _now = Clock.Now;
            _deadlines = _incident is null ? [] : Clock.Evaluate(_incident.RegulatoryFacts, _now);
            _evidence = _incident is null ? [] : await EvidenceFiles.ListAsync(_actor, Id, CancellationToken.None);
            _seenBefore = _incident is null ? new Dictionary<long, Sighting>() : await Sightings.ForIncidentAsync(_actor, Id, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    /// <summary>
    /// The audit events, read again only when the incident's users or hosts may have changed (an alert linked, a user
    /// observable added) or on request: the other live changes do not move them, and each read may ask Elasticsearch.
    /// </summary>
    private async Task<IncidentAuditEventsResult> AuditEventsAsync(IncidentView incident)
    {
        var key = (incident.AlertCount, incident.Observables.Count(o => o.Type == ObservableType.User));
        if (_auditEventsFor != key)
        {
            _auditEvents = await AuditEvents.ForIncidentAsync(_actor, Id, CancellationToken.None);
            _auditEventsFor = key;
        }
        return _auditEvents;
    }

    private async Task ReloadAuditEventsAsync()
    {
        _auditEventsFor = null;
        await LoadAsync();
    }

    /// <summary>Adds the page before the earliest audit event shown; live reloads keep every page read so far.</summary>
    private async Task LoadEarlierAuditEventsAsync()
    {
        if (_auditEvents.Next is { } next)
        {
            _auditEvents = _auditEvents.With(await AuditEvents.ForIncidentAsync(_actor, Id, next, CancellationToken.None));
            await LoadAsync();
        }
    }

    private async Task SaveAsync(IncidentEdit edit)
    {
        var outcome = await Editing.UpdateAsync(_actor, Id, edit, CancellationToken.None);
        _conflict = outcome.Succeeded ? null : outcome.Error;
        if (outcome.Succeeded)
        {
            Snackbar.Add("Saved.", MudBlazor.Severity.Success);
        }
        await LoadAsync();
    }

    private async Task<string?> ClassifyAsync(ClassificationEdit edit)
    {
        var outcome = await Editing.ClassifyAsync(_actor, Id, edit, CancellationToken.None);
        if (outcome.Succeeded)
        {
            Snackbar.Add("Classification saved.", MudBlazor.Severity.Success);
        }
        await LoadAsync();
        return outcome.Error;
    }

    private async Task SaveAccessAsync(IncidentAccessEdit edit)
    {
        var outcome = await Editing.SetAccessAsync(_actor, Id, edit, CancellationToken.None);
        _conflict = outcome.Succeeded ? null : outcome.Error;
        await LoadAsync();
    }

    private async Task<bool> AddObservableAsync(NewObservable observable)
    {
        var outcome = await Observables.AddAsync(_actor, Id, [observable], CancellationToken.None);
        if (!outcome.Succeeded)
        {
            Snackbar.Add(outcome.Error!, MudBlazor.Severity.Warning);
        }
        await LoadAsync();
        return outcome.Succeeded;
    }

    private async Task<string?> UploadEvidenceAsync(Microsoft.AspNetCore.Components.Forms.IBrowserFile file)
    {
        // No cap on the browser stream itself: the service refuses a declared size over the limit before reading, and
        // otherwise reads at most one byte past it (a browser's declared size is not trusted).
        await using var stream = file.OpenReadStream(long.MaxValue);
        var outcome = await EvidenceFiles.UploadAsync(_actor, Id, file.Name, file.Size, stream, CancellationToken.None);
        if (outcome.Succeeded)
        {
            Snackbar.Add("Evidence stored.", MudBlazor.Severity.Success);
        }
        await LoadAsync();
        return outcome.Error;
    }

    private async Task AddNoteAsync()
    {
        var outcome = await Editing.AddNoteAsync(_actor, Id, _note, CancellationToken.None);
        if (outcome.Succeeded)
        {
            _note = null;
            ReportEditing();
        }
        else
        {
            Snackbar.Add(outcome.Error!, MudBlazor.Severity.Warning);
        }
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Countdowns tick in the browser (clocks.js); the server renders each clock once per change.
            _clocks = await JS.InvokeAsync<IJSObjectReference>("import", "./js/clocks.js");
            await _clocks.InvokeVoidAsync("startClocks");
        }
    }

    private async Task<string?> AddTimelineEventAsync(DateTimeOffset when, string what)
    {
        var outcome = await Editing.AddTimelineEventAsync(_actor, Id, when, what, CancellationToken.None);
        await LoadAsync();
        return outcome.Error;
    }

    private async Task<string?> SaveRegulatoryAsync(RegulatoryEdit edit)
    {
        var outcome = await RegulatoryRecords.SetAsync(_actor, Id, edit, CancellationToken.None);
        await LoadAsync();
        return outcome.Error;
    }

    private async Task<string?> RecordNotificationAsync(NewNotification notification)
    {
        var outcome = await RegulatoryRecords.RecordAsync(_actor, Id, notification, CancellationToken.None);
        if (outcome.Succeeded)
        {
            Snackbar.Add("Notification recorded.", MudBlazor.Severity.Success);
        }
        await LoadAsync();
        return outcome.Error;
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _presenceSubscription?.Dispose();
        _presence?.Dispose();
        if (_clocks is not null)
        {
            try
            {
                await _clocks.InvokeVoidAsync("stopClocks");
                await _clocks.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page's timer with it.
            }
        }
    }
}
