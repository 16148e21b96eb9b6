using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Live;

/// <summary>A committed change as the live feed delivers it: its sequence number and the alert's state after it.</summary>
public sealed record FeedChange(long Seq, ChangeKind Kind, AlertView Alert);
