using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Demo;

public sealed class DemoOptions
{
    public const string SectionName = "SecOps:Demo";

    /// <summary>On in Development (appsettings.Development.json); in Production only when set, and then warned about.</summary>
    public bool Enabled { get; set; }

    [Range(0.0, 10_000.0)]
    public double AlertsPerSecond { get; set; } = 0.5;

    /// <summary>Alerts generated at first start so the board is not empty.</summary>
    [Range(0, 100_000)]
    public int InitialAlerts { get; set; } = 120;
}
