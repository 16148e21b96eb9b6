using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Communications;

/// <summary>
/// The communications panel of the incident page. Follows its incident in the change feed (<see cref="IncidentFeed"/>)
/// and re-reads the log when it changes, so a message recorded by any responder appears for everyone on the page.
/// </summary>
public sealed partial class CommunicationsPanel : IDisposable
{
    private IReadOnlyList<CommunicationView> _log = [];
    private Actor _actor = Actor.Anonymous;
    private bool _denied;

    // Prerendered controls do nothing until the circuit is up: disabled until then, so a click is never lost.
    private bool _interactive;
    private CommunicationTemplate _template;
    private CommunicationTemplate? _filledFrom;
    private string? _audience;
    private CommunicationChannel _channel;
    private string _sentAt = "";

    // The field shows minutes only: left as offered, "now" is the moment of recording, not the minute's start (which
    // could fall before the incident was even opened and put the message first on its timeline).
    private string _sentAtOffered = "";
    private string? _subject;
    private string? _body;
    private string? _error;
    private IDisposable? _subscription;

    [Parameter, EditorRequired] public long IncidentId { get; set; }

    /// <summary>Whether the viewer may record (responders); the service checks it again.</summary>
    [Parameter] public bool CanWrite { get; set; }

    [Inject] private IncidentCommunications Communications { get; set; } = default!;
    [Inject] private Live.LiveFeed Feed { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        OfferNow();
        _subscription = Feed.Follow(_actor, id => id == IncidentId, id =>
        {
            if (id == IncidentId)
            {
                _ = InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        });
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

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
            _log = await Communications.ListAsync(_actor, IncidentId, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private async Task FillAsync()
    {
        var filled = await Communications.FillAsync(_actor, IncidentId, _template, CancellationToken.None);
        if (filled is null)
        {
            _error = "The incident does not exist.";
            return;
        }
        (_audience, _subject, _body, _filledFrom, _error) = (filled.Audience, filled.Subject, filled.Body, filled.Template, null);
        OfferNow();
    }

    private async Task RecordAsync()
    {
        var sent = Time.GetUtcNow();
        if (_sentAt.Trim() != _sentAtOffered && !IncidentTime.TryParse(_sentAt, out sent))
        {
            _error = "Write when it was sent as 2026-11-25 08:00 (UTC).";
            return;
        }
        var outcome = await Communications.RecordAsync(_actor, IncidentId, new NewCommunication(_audience, _channel, sent, _subject, _body, _filledFrom), CancellationToken.None);
        _error = outcome.Error;
        if (outcome.Succeeded)
        {
            (_audience, _subject, _body, _filledFrom) = (null, null, null, null);
            OfferNow();
            await LoadAsync();
        }
    }

    private void OfferNow() => _sentAt = _sentAtOffered = IncidentTime.Input(Time.GetUtcNow());

    public void Dispose() => _subscription?.Dispose();
}
