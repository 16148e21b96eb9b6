using SecOps.Web.Features.Alerts;

namespace SecOps.Benchmarks;

/// <summary>A store's bare baseline for ingest: the rows the app writes for new alerts, without the app.</summary>
public interface IIngestBaseline : IDisposable
{
    /// <summary>How the baseline writes and the store settings it ran with, for the figures.</summary>
    string Describe();

    /// <summary>Inserts every batch in its own transaction and returns the elapsed time.</summary>
    TimeSpan Insert(IEnumerable<Alert[]> batches);
}
