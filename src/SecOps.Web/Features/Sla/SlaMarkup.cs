using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace SecOps.Web.Features.Sla;

/// <summary>
/// The SLA countdown element, written into the caller's render tree so a kanban card needs no component of its own.
/// The server renders the state once; board.js ticks the countdown and flips warning/breached in the browser.
/// Board rows write the same cell as HTML (AlertRowMarkup), with the same title.
/// </summary>
public static class SlaMarkup
{
    public static RenderFragment Render(SlaStatus status, DateTimeOffset now) => builder => Write(builder, status, now);

    public static void Write(RenderTreeBuilder builder, SlaStatus status, DateTimeOffset now)
    {
        builder.OpenElement(0, "span");
        if (status.Deadline is { } deadline)
        {
            builder.AddAttribute(1, "class", StateClass(status.State));
            builder.AddAttribute(2, "title", Title(status.Phase, deadline));
            builder.AddAttribute(3, "data-sla-deadline", deadline.ToUnixTimeMilliseconds());
            builder.AddAttribute(4, "data-sla-warn", status.WarnAt!.Value.ToUnixTimeMilliseconds());
            builder.AddContent(5, SlaClock.Remaining(deadline - now));
        }
        else if (status.State == SlaState.Breached)
        {
            // A stopped clock that missed its target (an incident resolved late).
            builder.AddAttribute(6, "class", "sla sla-breached");
            builder.AddAttribute(7, "title", "Resolved after the SLA target");
            builder.AddContent(8, "late");
        }
        else
        {
            builder.AddAttribute(9, "class", "sla sla-met");
            builder.AddAttribute(10, "title", "Closed");
            builder.AddContent(11, "met");
        }
        builder.CloseElement();
    }

    public static string Title(string phase, DateTimeOffset deadline) => $"{phase} SLA until {deadline.ToString("u", CultureInfo.InvariantCulture)}";

    private static string StateClass(SlaState state) => state switch
    {
        SlaState.Warning => "sla sla-warning",
        SlaState.Breached => "sla sla-breached",
        SlaState.Met => "sla sla-met",
        _ => "sla sla-running",
    };
}
