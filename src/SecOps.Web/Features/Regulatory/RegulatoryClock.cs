using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Regulatory;

/// <summary>The regulatory clocks of an incident now (<see cref="TimeProvider"/>, so tests move time).</summary>
public sealed class RegulatoryClock(IOptions<RegulatoryOptions> options, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyList<RegulatoryDeadline> Evaluate(RegulatoryFacts facts) => Evaluate(facts, time.GetUtcNow());

    public IReadOnlyList<RegulatoryDeadline> Evaluate(RegulatoryFacts facts, DateTimeOffset now) =>
        RegulatoryDeadlines.Evaluate(facts, now, options.Value.WarnWhenRemaining);
}
