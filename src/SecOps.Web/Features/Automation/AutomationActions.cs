using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.OnCall;
using SecOps.Web.Features.Outbound;
using SecOps.Web.Features.Playbooks;
using SecOps.Web.Features.Triage;

namespace SecOps.Web.Features.Automation;

/// <summary>What one firing did, step by step ("assigned to …", "email to 2: sent", "chat to host: 200 OK").</summary>
public sealed record AutomationOutcome(IReadOnlyList<string> Steps, bool Succeeded);

/// <summary>
/// A rule's actions on one alert or incident, through the same feature services people use (so they are checked,
/// recorded and live like anyone's): assign, escalate into an incident with a playbook, email, chat. A failing action
/// does not stop the others; each says how it went.
/// </summary>
public sealed class AutomationActions(AlertTriage triage, TriagePeople people, IncidentEscalation escalation, PlaybookRunner playbooks,
    EmailSender email, OutboundClient outbound, OnCallRota onCall, ILogger<AutomationActions> logger)
{
    /// <summary>Who automation acts as in histories, timelines and the audit trail.</summary>
    public static readonly Actor Actor = PlaybookWebhooks.Automation;

    public async Task<AutomationOutcome> OnAlertAsync(AutomationRule rule, AlertView alert, CancellationToken cancellationToken)
    {
        var steps = new List<string>();
        var ok = true;
        if (rule.AssignTo is { } assignee)
        {
            // "on-call:TEAM" is whoever the rota has on duty now, named in the outcome so the audit shows who it was.
            var resolved = onCall.Resolve(assignee);
            var who = resolved is null || resolved == assignee ? assignee : $"{resolved} ({assignee})";
            var person = resolved is null ? null
                : (await people.ListAsync(cancellationToken)).FirstOrDefault(p => string.Equals(p.Name, resolved, StringComparison.OrdinalIgnoreCase) || p.Id == resolved);
            var assigned = person is null
                ? new AlertTriage.Outcome(false, resolved is null ? "nobody is on call for that team" : "nobody who may triage is called that", null)
                : await triage.ApplyAsync(Actor, alert.Id, TriageAction.Assign, null, null, cancellationToken, person);
            ok &= Step(steps, assigned.Succeeded, $"assigned to {who}", $"not assigned to {who}: {assigned.Error}");
        }
        if (rule.EscalateWithPlaybook is { } playbook)
        {
            var created = await escalation.CreateAsync(Actor, new NewIncident(), [alert.Id], cancellationToken);
            if (!Step(steps, created.Succeeded && created.Linked == 1, $"escalated to incident {created.IncidentId}",
                created.Succeeded ? "not escalated: the alert is in an incident already" : $"not escalated: {created.Error}"))
            {
                ok = false;
            }
            else
            {
                ok &= await AttachAsync(steps, created.IncidentId, playbook, cancellationToken);
            }
        }
        ok &= await NotifyAsync(steps, rule, Notification.For(rule, alert), cancellationToken);
        return new AutomationOutcome(steps, ok);
    }

    public async Task<AutomationOutcome> OnIncidentAsync(AutomationRule rule, IncidentView incident, CancellationToken cancellationToken)
    {
        var steps = new List<string>();
        var ok = true;
        if (rule.EscalateWithPlaybook is { } playbook)
        {
            ok &= await AttachAsync(steps, incident.Id, playbook, cancellationToken);
        }
        if (incident.Tlp == Tlp.Red)
        {
            steps.Add("not notified: TLP:RED");
        }
        else
        {
            ok &= await NotifyAsync(steps, rule, Notification.For(rule, incident), cancellationToken);
        }
        return new AutomationOutcome(steps, ok);
    }

    private async Task<bool> AttachAsync(List<string> steps, long incidentId, string playbook, CancellationToken cancellationToken)
    {
        var attached = await playbooks.AttachAsync(Actor, incidentId, playbook, cancellationToken);
        return Step(steps, attached.Succeeded, $"playbook {playbook} attached", $"playbook {playbook} not attached: {attached.Error}");
    }

    private async Task<bool> NotifyAsync(List<string> steps, AutomationRule rule, Notification notification, CancellationToken cancellationToken)
    {
        var ok = true;
        if (rule.EmailTo.Count > 0)
        {
            try
            {
                await email.SendAsync(notification, rule.EmailTo, cancellationToken);
                steps.Add($"email to {rule.EmailTo.Count}: sent");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Automation rule {Rule}: email not sent", rule.Name);
                ok = Step(steps, false, "", $"email to {rule.EmailTo.Count}: not sent ({e.GetType().Name})");
            }
        }
        if (rule.ChatWebhook is { } chat)
        {
            var target = new Uri(chat);
            // Only the host is recorded: a chat webhook's path is its secret.
            var result = await outbound.PostJsonAsync(target, ChatNotification.Payload(notification), cancellationToken);
            ok &= Step(steps, result.Succeeded, $"chat to {OutboundAllowlist.Host(target)}: {result.Summary}", $"chat to {OutboundAllowlist.Host(target)}: {result.Summary}");
        }
        return ok;
    }

    private static bool Step(List<string> steps, bool succeeded, string done, string failed)
    {
        steps.Add(succeeded ? done : failed);
        return succeeded;
    }
}
