using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Outbound;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Runs a playbook's webhook steps after attachment, in the background so attaching never waits on a remote host: the
/// incident's summary (JSON, every field encoded by the serialiser; no description, notes or observables) goes through
/// the <see cref="OutboundClient"/> only; the answer ("202 Accepted", "refused: …") goes on the incident's timeline and
/// into the audit trail, and a 2xx completes the task with the answer as its note. TLP:RED incidents are not sent.
/// </summary>
/// <remarks>Automated steps (<see cref="PlaybookStep.Automated"/>) run here too, after the webhooks: <see cref="AutomatedSteps"/>.</remarks>
public sealed class PlaybookWebhooks(OutboundClient outbound, StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AuditTrail audit, PlaybookLibrary library,
    AutomatedSteps automated, ILogger<PlaybookWebhooks> logger) : BackgroundService
{
    /// <summary>Who the timeline and audit trail name for an automated step.</summary>
    public static readonly Actor Automation = Actor.System with { Id = "automation", Name = "SecOps automation" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<long> _attached = Channel.CreateUnbounded<long>();

    /// <summary>Queues the webhook steps of a just-attached playbook (an <see cref="IncidentPlaybook"/> id).</summary>
    public void Enqueue(long incidentPlaybookId) => _attached.Writer.TryWrite(incidentPlaybookId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _attached.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Webhook steps of attached playbook {Id} failed", id);
            }
        }
    }

    private async Task RunAsync(long incidentPlaybookId, CancellationToken cancellationToken)
    {
        List<WebhookCall> steps;
        List<(long TaskId, StepAutomation Kind)> automatedSteps;
        Incident incident;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var attached = await db.IncidentPlaybooks.AsNoTracking().FirstAsync(p => p.Id == incidentPlaybookId, cancellationToken);
            var row = await db.PlaybookVersions.AsNoTracking().FirstAsync(v => v.Id == attached.PlaybookVersionId, cancellationToken);
            var definition = library.Definition(row);
            incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == attached.IncidentId, cancellationToken);
            var tasks = await db.IncidentTasks.AsNoTracking()
                .Where(t => t.IncidentPlaybookId == incidentPlaybookId && t.State == TaskState.Open).OrderBy(t => t.Position).ToListAsync(cancellationToken);
            var withSteps = tasks.Select(t => (Task: t, Step: definition.Steps.FirstOrDefault(s => s.Key == t.StepKey))).ToList();
            steps = [.. withSteps.Where(x => x.Step?.Webhook is not null).Select(x => new WebhookCall(x.Task.Id, x.Step!.Webhook!, incident, attached, x.Step!))];
            automatedSteps = [.. withSteps.Where(x => x.Step?.Automated is not null).Select(x => (x.Task.Id, x.Step!.Automated!.Value))];
        }
        foreach (var call in steps)
        {
            var result = call.Incident.Tlp == Tlp.Red
                ? OutboundResult.Refusal("TLP:RED incidents are not sent out")
                : await outbound.PostJsonAsync(call.Target, Payload(call), cancellationToken);
            await RecordAsync(call.TaskId, call.Incident.Id, result.Succeeded, $"Webhook to {OutboundAllowlist.Host(call.Target)}: {result.Summary}",
                "incident.task.webhook", cancellationToken);
        }
        foreach (var (taskId, kind) in automatedSteps)
        {
            var result = await automated.RunAsync(kind, incident, cancellationToken);
            await RecordAsync(taskId, incident.Id, result.Ran, result.Text, "incident.task." + PlaybookVocabulary.ToWire(kind), cancellationToken);
        }
    }

    /// <summary>The incident summary a webhook step posts: identifiers, vocabulary values and the title, nothing more.</summary>
    internal static byte[] Payload(WebhookCall call) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        source = "secops",
        @event = "playbook.step",
        incident = new
        {
            id = call.Incident.Id,
            title = call.Incident.Title,
            severity = AlertVocabulary.ToWire(call.Incident.Severity),
            status = call.Incident.Status.ToString(),
            phase = PlaybookVocabulary.ToWire(call.Incident.Phase),
            type = PlaybookVocabulary.ToWire(call.Incident.Type),
            tlp = call.Incident.Tlp.ToString(),
            createdAt = call.Incident.CreatedAt,
        },
        playbook = new { key = call.Playbook.PlaybookKey, name = call.Playbook.PlaybookName, version = call.Playbook.Version },
        step = new { id = call.Step.Key, title = call.Step.Title },
    }, Json);

    /// <summary>
    /// An automated step's outcome: on the timeline (first line), in the audit trail, and, when it succeeded, as the note
    /// that completes the task (unless a responder closed it meanwhile).
    /// </summary>
    private async Task RecordAsync(long taskId, long incidentId, bool succeeded, string text, string auditAction, CancellationToken cancellationToken)
    {
        var kind = auditAction == "incident.task.webhook" ? IncidentEventKind.WebhookCalled : IncidentEventKind.AutomatedStepRan;
        var headline = text.Split('\n')[0] + (text.Contains('\n') ? " (details in the task's note)" : "");
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            var task = await db.IncidentTasks.FirstAsync(t => t.Id == taskId, ct);
            if (succeeded && task.State == TaskState.Open)
            {
                (task.State, task.EvidenceNote, task.ClosedAt, task.ClosedById, task.ClosedByName) =
                    (TaskState.Done, text, changes.Now, Automation.Id, Automation.Name);
                task.Version++;
                changes.AddTask(task.Id);
            }
            db.IncidentEvents.Add(IncidentEscalation.Event(task.IncidentId, changes.Now, kind, Automation, IncidentText.Title(succeeded ? headline : text.Split('\n')[0])));
            var incident = await db.Incidents.FirstAsync(i => i.Id == task.IncidentId, ct);
            incident.UpdatedAt = changes.Now;
            // Numbered in the change feed: open incident pages on every instance re-read it.
            changes.AddIncident(task.IncidentId);
            return 0;
        }, cancellationToken);
        // The audit record says what ran and how it went, not the findings (observable values stay with the incident).
        await audit.AppendAsync(Automation, auditAction, "task:" + taskId, $"incident:{incidentId} {text.Split('\n')[0]}",
            succeeded ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
    }

    internal sealed record WebhookCall(long TaskId, Uri Target, Incident Incident, IncidentPlaybook Playbook, PlaybookStep Step);
}
