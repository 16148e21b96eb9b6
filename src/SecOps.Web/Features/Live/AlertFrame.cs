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

/// <summary>
/// An <c>incidents</c> or <c>tasks</c> event announcing a deletion: the same <c>{ seq, items }</c> frame, whose item is
/// <c>{ "id": N, "deleted": true }</c> (<see cref="RemovedItem"/>) instead of a document.
/// </summary>
public sealed record RemovalFrame(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("items")] IReadOnlyList<RemovedItem> Items);

/// <summary>An incident or task that no longer exists; a client drops it (an incident's removal takes its tasks with it).</summary>
public sealed record RemovedItem([property: JsonPropertyName("id")] long Id)
{
    [JsonPropertyName("deleted")] public bool Deleted => true;
}
