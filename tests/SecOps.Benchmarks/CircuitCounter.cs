using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SecOps.Benchmarks;

/// <summary>Counts the app's Blazor circuits: open (not yet disposed) and connected; added to the host as instrumentation.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int _open;
    private int _connected;
    private int _closed;

    public int Open => Volatile.Read(ref _open);

    public int Connected => Volatile.Read(ref _connected);

    public int Closed => Volatile.Read(ref _closed);

    public override string ToString() => $"{Open} open ({Connected} connected), {Closed} disposed so far";

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _connected);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _closed);
        return Task.CompletedTask;
    }
}
