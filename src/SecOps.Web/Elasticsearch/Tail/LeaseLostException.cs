namespace SecOps.Web.Elasticsearch.Tail;

/// <summary>Another instance took this source's lease while this one was working; the work stops before writing.</summary>
public sealed class LeaseLostException(string lease) : Exception($"The lease {lease} is held by another instance.");
