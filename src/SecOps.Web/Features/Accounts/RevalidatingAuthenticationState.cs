using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Re-checks an open circuit's user every <see cref="AccountOptions.RevalidationInterval"/> (<see cref="SessionValidation"/>),
/// so a role change, a disabled account, a removed MFA or an ended session takes effect on open pages without the person
/// doing anything: the base class then marks the circuit signed out and the router sends the page to sign-in.
/// </summary>
public sealed class RevalidatingAuthenticationState(ILoggerFactory loggerFactory, SessionValidation validation, IOptions<AccountOptions> accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => accounts.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        validation.IsCurrentAsync(authenticationState.User, cancellationToken);
}
