namespace SecOps.Web.Features.Triage;

public enum BoardView
{
    List,
    Grouped,
    Kanban,
}
