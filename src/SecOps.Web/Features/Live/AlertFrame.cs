using System.Text.Json.Serialization;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Live;

/// <summary>The hub's <c>alerts</c> event: the frame's highest sequence number and the alerts in order.</summary>
public sealed record AlertFrame(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("items")] IReadOnlyList<AlertView> Items);

/// <summary>The hub's <c>resync</c> event: the requested point is older than the feed keeps; reload and continue from <see cref="Seq"/>.</summary>
public sealed record ResyncNotice(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>The hub's <c>incidents</c> event: the change's sequence number and the incident after it (need-to-know applied).</summary>
public sealed record IncidentFrame(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("items")] IReadOnlyList<Incidents.IncidentDocument> Items);

/// <summary>The hub's <c>tasks</c> event: the change's sequence number and the task after it (need-to-know applied by its incident).</summary>
public sealed record TaskFrame(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("items")] IReadOnlyList<Playbooks.TaskDocument> Items);
