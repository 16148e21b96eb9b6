namespace SecOps.Web.Features.Regulatory;

/// <summary>How regulatory clocks warn. The deadlines themselves are the law's (<see cref="RegulatoryDeadlines"/>), not settings.</summary>
public sealed class RegulatoryOptions
{
    public const string SectionName = "SecOps:Regulatory";

    /// <summary>A clock turns to "due soon" when less than this share of its window is left (72 h: the last 18 h).</summary>
    public double WarnWhenRemaining { get; set; } = 0.25;
}
