namespace SecOps.Benchmarks;

/// <summary>A query's SQL as EF Core generated it, run bare on the store: its plan and timings without EF.</summary>
public interface IStorePlan : IDisposable
{
    string Sql { get; }

    IReadOnlyList<(string Name, object Value)> Parameters { get; }

    /// <summary>The plan's lines, indented by depth.</summary>
    List<string> Explain();

    /// <summary>Wall-clock times of running the statement and reading every row, after <paramref name="warmup"/> untimed runs.</summary>
    Percentiles Time(int warmup, int runs);

    void Execute(string sql);
}
