using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

public sealed class KanbanOptions
{
    public const string SectionName = "SecOps:Kanban";

    /// <summary>Work-in-progress limit per status column; 0 or absent means none.</summary>
    public Dictionary<AlertStatus, int> WipLimits { get; set; } = new()
    {
        [AlertStatus.Acknowledged] = 25,
        [AlertStatus.InProgress] = 10,
    };

    public int CardsPerColumn { get; set; } = 50;
}
