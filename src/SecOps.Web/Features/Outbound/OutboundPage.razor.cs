using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;

namespace SecOps.Web.Features.Outbound;

/// <summary>
/// <c>/admin/outbound</c>: the configured allowlist (read-only), the stored entries with their remove buttons, the
/// additions waiting for a second administrator, and the form that asks for one through <see cref="Approvals"/>.
/// </summary>
public sealed partial class OutboundPage
{
    private Actor _actor = Actor.Anonymous;
    private OutboundHostList? _list;
    private AdminResult? _result;
    private string _entered = "";
    private bool _denied;
    private bool _busy;

    [Inject] private OutboundHosts Hosts { get; set; } = default!;
    [Inject] private Approvals Approvals { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _list = await Hosts.ListAsync(_actor, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private async Task RequestAsync()
    {
        await RunAsync(() => Approvals.RequestOutboundHostAsync(_actor, _entered, CancellationToken.None));
        // A refused entry stays in the box to be corrected.
        _entered = _result?.Outcome is AdminOutcome.Failed or AdminOutcome.Refused ? _entered : "";
    }

    private Task RemoveAsync(long id) => RunAsync(() => Hosts.RemoveAsync(_actor, id, CancellationToken.None));

    private async Task RunAsync(Func<Task<AdminResult>> action)
    {
        _busy = true;
        _result = await AdminResult.OfAsync(action);
        _busy = false;
        await LoadAsync();
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
