using Microsoft.Extensions.Time.Testing;

namespace SecOps.Tests.Support;

/// <summary>
/// A fake clock that tells when code under test starts waiting on it: <see cref="NextTimer"/> completes when a timer is
/// created (<c>Task.Delay(..., time)</c> makes one), so a test advances the clock only once the code is waiting.
/// </summary>
public sealed class TimerSignallingTime : FakeTimeProvider
{
    private TaskCompletionSource _timer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next timer is created after this is read.</summary>
    public Task NextTimer => Volatile.Read(ref _timer).Task.WaitAsync(TimeSpan.FromSeconds(60));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Exchange(ref _timer, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return timer;
    }
}
