using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Admin;

/// <summary>The administrators' roles page: each role's permissions and holders; grant and revoke through the users page's rules.</summary>
public sealed partial class RolesPage
{
    private Actor _actor = Actor.Anonymous;
    private IReadOnlyList<RoleSummary>? _roles;
    private readonly Dictionary<string, string?> _chosen = [];
    private AdminResult? _result;
    private bool _denied;
    private bool _busy;
    private bool _interactive;

    [Inject] private AdminRoles RoleViews { get; set; } = default!;
    [Inject] private AdminUsers Users { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        await LoadAsync();
    }

    // Marks the page once the circuit is up (after prerendering), so a test knows the buttons answer.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private static string Holders(int count) => count == 1 ? "1 person" : $"{count} people";

    private async Task LoadAsync()
    {
        try
        {
            _roles = await RoleViews.ListAsync(_actor, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private Task GrantAsync(string role) =>
        _chosen.GetValueOrDefault(role) is { Length: > 0 } userId
            ? RunAsync(a => Users.SetRoleAsync(a, userId, role, default))
            : Task.CompletedTask;

    private Task RevokeAsync(RoleHolder holder, string role) => RunAsync(a => Users.RevokeRoleAsync(a, holder.Id, role, default));

    private async Task RunAsync(Func<Actor, Task<AdminResult>> action)
    {
        _busy = true;
        _result = await AdminResult.OfAsync(() => action(_actor));
        _busy = false;
        _chosen.Clear();
        await LoadAsync();
    }
}
