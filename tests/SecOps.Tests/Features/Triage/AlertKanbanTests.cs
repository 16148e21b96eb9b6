using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

public sealed class AlertKanbanTests : ComponentTest
{
    public AlertKanbanTests() => Services.AddOptions<KanbanOptions>();

    [Fact]
    public void Columns_CountAlertsByStatus_AndFlagAColumnOverItsWorkInProgressLimit()
    {
        var alerts = Enumerable.Range(1, 11).Select(i => Alerts.View(i, status: "in-progress"))
            .Append(Alerts.View(100, status: "open")).Append(Alerts.View(101, status: "closed")).ToList();

        var board = Render<AlertKanban>(p => p.Add(k => k.Alerts, alerts).Add(k => k.CanTriage, true));

        var columns = board.FindAll("section.kanban-column");
        Assert.Equal(["Open", "Acknowledged", "In progress", "Closed"], columns.Select(c => c.GetAttribute("aria-label")));
        Assert.Equal(["1", "0 / 25", "11 / 10", "1"], columns.Select(c => c.QuerySelector(".kanban-count")!.TextContent));
        Assert.Contains("over-limit", columns[2].ClassName);
        Assert.DoesNotContain("over-limit", columns[1].ClassName);
        Assert.Equal(11, columns[2].QuerySelectorAll(".kanban-card").Length);
    }
}
