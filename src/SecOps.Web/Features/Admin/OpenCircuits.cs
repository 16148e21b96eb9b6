using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// Open interactive sessions (Blazor circuits) per person on this instance; <see cref="SessionCounts"/> adds the other
/// instances' for the users page. A signed-in cookie with no page open is not counted: cookies are not tracked
/// server-side; ending sessions changes the stamp in the store, which ends both on every instance.
/// </summary>
public sealed class OpenCircuits
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Raised after a count changed, so the other instances can be told (<see cref="ScaleOut.CircuitCountRelay"/>).</summary>
    public event Action? Changed;

    public int CountFor(string userId) => _counts.GetValueOrDefault(userId);

    /// <summary>Every person with an open page on this instance and how many.</summary>
    public IReadOnlyDictionary<string, int> Snapshot() => _counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    internal void Add(string userId)
    {
        _counts.AddOrUpdate(userId, 1, (_, n) => n + 1);
        Changed?.Invoke();
    }

    internal void Remove(string userId)
    {
        if (_counts.AddOrUpdate(userId, 0, (_, n) => Math.Max(0, n - 1)) == 0)
        {
            _counts.TryRemove(new KeyValuePair<string, int>(userId, 0));
        }
        Changed?.Invoke();
    }
}

/// <summary>
/// Counts each connected circuit for the person it was opened for (its authentication state is set before it opens); a
/// circuit whose browser went away stops counting when its connection drops, not when the server forgets it minutes later.
/// </summary>
public sealed class OpenCircuitTracker(OpenCircuits open, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? _userId;
    private bool _counted;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _userId ??= Actor.From((await authentication.GetAuthenticationStateAsync()).User).PersonId;
        if (_userId is not null && !_counted)
        {
            _counted = true;
            open.Add(_userId);
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => Uncount();

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => Uncount();

    private Task Uncount()
    {
        if (_userId is not null && _counted)
        {
            _counted = false;
            open.Remove(_userId);
        }
        return Task.CompletedTask;
    }
}
