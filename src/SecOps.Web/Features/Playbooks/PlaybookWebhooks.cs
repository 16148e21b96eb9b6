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
public sealed class PlaybookWebhooks(OutboundClient outbound, StoreWriter writer, IDbContextFactory<SecOpsDbContext> contexts, AuditTrail audit, PlaybookLibrary library,
    ILogger<PlaybookWebhooks> logger) : BackgroundService
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
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var attached = await db.IncidentPlaybooks.AsNoTracking().FirstAsync(p => p.Id == incidentPlaybookId, cancellationToken);
            var row = await db.PlaybookVersions.AsNoTracking().FirstAsync(v => v.Id == attached.PlaybookVersionId, cancellationToken);
            var definition = library.Definition(row);
            var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == attached.IncidentId, cancellationToken);
            var tasks = await db.IncidentTasks.AsNoTracking()
                .Where(t => t.IncidentPlaybookId == incidentPlaybookId && t.State == TaskState.Open).OrderBy(t => t.Position).ToListAsync(cancellationToken);
            steps = [.. tasks.Select(t => (Task: t, Step: definition.Steps.FirstOrDefault(s => s.Key == t.StepKey)))
                .Where(x => x.Step?.Webhook is not null)
                .Select(x => new WebhookCall(x.Task.Id, x.Step!.Webhook!, incident, attached, x.Step!))];
        }
        foreach (var call in steps)
        {
            var result = call.Incident.Tlp == Tlp.Red
                ? OutboundResult.Refusal("TLP:RED incidents are not sent out")
                : await outbound.PostJsonAsync(call.Target, Payload(call), cancellationToken);
            await RecordAsync(call, result, cancellationToken);
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

    private async Task RecordAsync(WebhookCall call, OutboundResult result, CancellationToken cancellationToken)
    {
        var host = OutboundAllowlist.Host(call.Target);
        var text = $"Webhook to {host}: {result.Summary}";
        await writer.WriteAsync(async (db, changes, ct) =>
        {
            var task = await db.IncidentTasks.FirstAsync(t => t.Id == call.TaskId, ct);
            if (result.Succeeded && task.State == TaskState.Open)
            {
                (task.State, task.EvidenceNote, task.ClosedAt, task.ClosedById, task.ClosedByName) =
                    (TaskState.Done, text, changes.Now, Automation.Id, Automation.Name);
                task.Version++;
                changes.AddTask(task.Id);
            }
            db.IncidentEvents.Add(IncidentEscalation.Event(task.IncidentId, changes.Now, IncidentEventKind.WebhookCalled, Automation, IncidentText.Title(text)));
            var incident = await db.Incidents.FirstAsync(i => i.Id == task.IncidentId, ct);
            incident.UpdatedAt = changes.Now;
            // Numbered in the change feed: open incident pages on every instance re-read it.
            changes.AddIncident(task.IncidentId);
            return 0;
        }, cancellationToken);
        await audit.AppendAsync(Automation, "incident.task.webhook", "task:" + call.TaskId, $"incident:{call.Incident.Id} {text}",
            result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failed, cancellationToken);
    }

    internal sealed record WebhookCall(long TaskId, Uri Target, Incident Incident, IncidentPlaybook Playbook, PlaybookStep Step);
}
