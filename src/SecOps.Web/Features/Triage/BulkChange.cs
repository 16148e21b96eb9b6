using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

/// <summary>
/// One triage action as the store applies it to many alerts at once: which alerts it applies to, what one UPDATE sets on
/// them and the history row each gets. The same rules as <see cref="AlertTriage"/>'s one-alert transitions, in the
/// form SQL takes, so a bulk change never loads the alerts it changes.
/// </summary>
internal sealed record BulkChange(Expression<Func<Alert, bool>> AppliesTo, Action<UpdateSettersBuilder<Alert>> Set, Func<long, AlertStatus, string?, AlertTransition> Transition)
{
    public static BulkChange For(Actor actor, TriageAction action, CloseReason? reason, string? comment, Assignee? assignTo, DateTimeOffset at)
    {
        var actorId = actor.Id;
        AlertTransition Row(long id, AlertStatus from, string? fromAssignee, AlertStatus to, string? toAssignee) => new()
        {
            AlertId = id, At = at, ActorId = actor.Id, ActorName = actor.Name, FromStatus = from, ToStatus = to,
            FromAssignee = fromAssignee, ToAssignee = toAssignee,
        };
        void Stamp(UpdateSettersBuilder<Alert> s) => s.SetProperty(a => a.UpdatedAt, at).SetProperty(a => a.Version, a => a.Version + 1);
        void Acknowledged(UpdateSettersBuilder<Alert> s) => s.SetProperty(a => a.AcknowledgedAt, a => a.AcknowledgedAt ?? at);
        switch (action)
        {
            case TriageAction.Assign:
                var assignee = assignTo ?? throw new ArgumentException("Choose who to assign the alerts to.", nameof(assignTo));
                return new(a => a.AssigneeId != assignee.Id,
                    s => { s.SetProperty(a => a.AssigneeId, assignee.Id).SetProperty(a => a.AssigneeName, assignee.Name); Stamp(s); },
                    (id, from, fromAssignee) => Row(id, from, fromAssignee, from, assignee.Name));
            case TriageAction.Acknowledge:
                return new(a => a.Status == AlertStatus.Open,
                    s => { s.SetProperty(a => a.Status, AlertStatus.Acknowledged); Acknowledged(s); Stamp(s); },
                    (id, from, fromAssignee) => Row(id, from, fromAssignee, AlertStatus.Acknowledged, fromAssignee));
            case TriageAction.Start:
                return new(a => a.Status != AlertStatus.Closed && a.Status != AlertStatus.InProgress && (a.AssigneeId == null || a.AssigneeId == actorId),
                    s => { s.SetProperty(a => a.Status, AlertStatus.InProgress).SetProperty(a => a.AssigneeId, actorId).SetProperty(a => a.AssigneeName, actor.Name); Acknowledged(s); Stamp(s); },
                    (id, from, fromAssignee) => Row(id, from, fromAssignee, AlertStatus.InProgress, actor.Name));
            case TriageAction.Close:
                var closeReason = reason ?? CloseReason.Benign;
                var note = AlertTriage.CleanComment(comment);
                return new(a => a.Status != AlertStatus.Closed,
                    s => { s.SetProperty(a => a.Status, AlertStatus.Closed).SetProperty(a => a.CloseReason, closeReason).SetProperty(a => a.ClosedAt, at); Acknowledged(s); Stamp(s); },
                    (id, from, fromAssignee) =>
                    {
                        var row = Row(id, from, fromAssignee, AlertStatus.Closed, fromAssignee);
                        row.CloseReason = closeReason;
                        row.Comment = note;
                        return row;
                    });
            case TriageAction.Claim:
                return new(a => a.AssigneeId == null || a.AssigneeId == actorId,
                    s => { s.SetProperty(a => a.AssigneeId, actorId).SetProperty(a => a.AssigneeName, actor.Name); Stamp(s); },
                    (id, from, fromAssignee) => Row(id, from, fromAssignee, from, actor.Name));
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Not a triage action.");
        }
    }
}
