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
    private bool _interactive;

    [Inject] private OutboundHosts Hosts { get; set; } = default!;
    [Inject] private Approvals Approvals { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
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
            _list = await Hosts.ListAsync(_actor, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private async Task RequestAsync()
    {
        await ActAsync(async () => _result = await Approvals.RequestOutboundHostAsync(_actor, _entered, CancellationToken.None));
        if (_result?.Outcome is not AdminOutcome.Failed)
        {
            _entered = "";
        }
    }

    private Task RemoveAsync(long id) => ActAsync(async () => _result = await Hosts.RemoveAsync(_actor, id, CancellationToken.None));

    private async Task ActAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (AccessDeniedException)
        {
            _result = new(AdminOutcome.Refused, "Your role cannot change the outbound allowlist.");
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
