using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Live;

/// <summary>
/// A committed incident change as the live feed delivers it: its number, the incident after it, and who may see it.
/// Never hand it to anyone without <see cref="IncidentAccess.CanSee"/>.
/// </summary>
public sealed record IncidentFeedChange(long Seq, IncidentView Incident, IncidentAudience Audience);
