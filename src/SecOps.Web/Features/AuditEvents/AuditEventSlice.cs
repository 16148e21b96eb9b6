using SecOps.Web.Elasticsearch.Dsl;

namespace SecOps.Web.Features.AuditEvents;

/// <summary>
/// Where the next, older page of audit events starts: after the last event shown, by time then id. For the store the id is
/// the row id; for Elasticsearch it is the hit's sort values (time, tiebreaker), fed back as <c>search_after</c>.
/// </summary>
public sealed record AuditEventCursor(DateTimeOffset At, long Id, IReadOnlyList<FieldValue>? SourceKey = null);

/// <summary>
/// One page of audit events, newest first; <see cref="Next"/> is null on the last page. <see cref="Available"/> is how many
/// match in all when the reader knows it (Elasticsearch counts up to a bound: then <see cref="AvailableIsLowerBound"/>).
/// </summary>
public sealed record AuditEventSlice(IReadOnlyList<AuditEventView> Events, AuditEventCursor? Next, long? Available, bool AvailableIsLowerBound = false);
