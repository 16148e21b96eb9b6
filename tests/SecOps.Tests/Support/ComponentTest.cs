using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using SecOps.Web.Features.Sla;

namespace SecOps.Tests.Support;

/// <summary>The shared bUnit setup: loose JS interop, MudBlazor services without transitions.</summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>The clock components see; tests move it.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected ComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddOptions<SlaOptions>();
        Services.AddSingleton<SlaClock>();
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
            o.PopoverOptions.CheckForPopoverProvider = false;
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously; xUnit calls this before the synchronous Dispose.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
