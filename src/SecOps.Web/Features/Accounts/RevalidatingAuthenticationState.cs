using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Re-checks an open circuit's user every minute (<see cref="SessionValidation"/>), so a role change, a disabled account,
/// a removed MFA or an ended session takes effect on open pages within two minutes.
/// </summary>
public sealed class RevalidatingAuthenticationState(ILoggerFactory loggerFactory, SessionValidation validation)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        validation.IsCurrentAsync(authenticationState.User, cancellationToken);
}
