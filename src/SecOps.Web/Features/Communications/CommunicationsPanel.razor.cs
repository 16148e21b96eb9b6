using Microsoft.AspNetCore.Components;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Communications;

/// <summary>
/// The communications panel of the incident page. Follows its incident in the change feed (<see cref="IncidentFeed"/>)
/// and re-reads the log when it changes, so a message recorded by any responder appears for everyone on the page.
/// </summary>
public sealed partial class CommunicationsPanel
{
    private IReadOnlyList<CommunicationView> _log = [];
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
    private bool _sending;

    /// <summary>Whether the viewer may record (responders); the service checks it again.</summary>
    [Parameter] public bool CanWrite { get; set; }

    [Inject] private IncidentCommunications Communications { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override Task OnViewerKnownAsync()
    {
        OfferNow();
        return Task.CompletedTask;
    }

    protected override async Task LoadAsync()
    {
        _log = await Communications.ListAsync(Viewer, IncidentId, CancellationToken.None);
    }

    private async Task FillAsync()
    {
        var filled = await Communications.FillAsync(Viewer, IncidentId, _template, CancellationToken.None);
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
        await AfterAsync(await Communications.RecordAsync(Viewer, IncidentId, new NewCommunication(_audience, _channel, sent, _subject, _body, _filledFrom), CancellationToken.None));
    }

    private async Task SendAsync()
    {
        _sending = true;
        try
        {
            var outcome = await Communications.SendByEmailAsync(Viewer, IncidentId, new NewCommunication(_audience, CommunicationChannel.Email, Time.GetUtcNow(), _subject, _body, _filledFrom),
                CancellationToken.None);
            await AfterAsync(outcome);
        }
        finally
        {
            _sending = false;
        }
    }

    private async Task AfterAsync(CommunicationOutcome outcome)
    {
        _error = outcome.Error;
        if (outcome.Succeeded)
        {
            (_audience, _subject, _body, _filledFrom) = (null, null, null, null);
            OfferNow();
            await LoadAsync();
        }
    }

    private void OfferNow() => _sentAt = _sentAtOffered = IncidentTime.Input(Time.GetUtcNow());
}
