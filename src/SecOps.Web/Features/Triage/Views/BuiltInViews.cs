namespace SecOps.Web.Features.Triage.Views;

/// <summary>Views every analyst has, above their saved ones; queries in the board's language, resolved per person.</summary>
public static class BuiltInViews
{
    public sealed record BuiltInView(string Name, string Query);

    public static readonly IReadOnlyList<BuiltInView> All =
    [
        new("My alerts", "assignee:me AND NOT status:closed"),
    ];
}
