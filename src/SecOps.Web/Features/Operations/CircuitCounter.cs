using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SecOps.Web.Features.Operations;

/// <summary>Counts open circuits for <see cref="SecOpsMetrics"/>.</summary>
public sealed class CircuitCounter(SecOpsMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
