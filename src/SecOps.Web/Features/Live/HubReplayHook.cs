namespace SecOps.Web.Features.Live;

/// <summary>
/// A seam before each page a hub connection's catch-up reads; the app's does nothing. Tests hold a replay part-way
/// through with it, to show that live delivery to every other connection goes on meanwhile.
/// </summary>
public class HubReplayHook
{
    public virtual ValueTask BeforePageAsync(string connectionId, long afterSeq, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
