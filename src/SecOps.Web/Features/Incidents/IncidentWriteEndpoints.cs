using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Incidents;

/// <summary>
/// The incidents write API: create, edit (on the version read, 409 with the current incident when it moved on), link
/// alerts, add notes and observables. API keys with scope <c>incidents</c> only: a cookie never authorises a write here,
/// so a cross-site request has nothing to ride on (people write through the pages). Every call goes through the same
/// services as the pages, so the same permission checks, need-to-know (an incident the key's owner may not see answers
/// 404), validation, audit and live delivery apply.
/// </summary>
public static class IncidentWriteEndpoints
{
    public const long MaxBodyBytes = 256 * 1024;

    public sealed record ObservableRequest(string? Type, string? Value, bool Ioc = false);

    public sealed record CreateIncidentRequest(string? Title, string? Description = null, string? Severity = null, string? Type = null, string? Tlp = null,
        string? Pap = null, int? TeamId = null, bool Restricted = false, IReadOnlyList<string>? Members = null,
        IReadOnlyList<ObservableRequest>? Observables = null, IReadOnlyList<long>? AlertIds = null);

    /// <summary>Fields left out keep their value; <c>assigneeId</c> "" unassigns. <c>version</c> is the one read.</summary>
    public sealed record UpdateIncidentRequest(int? Version, string? Status = null, string? Phase = null, string? Severity = null, string? AssigneeId = null);

    public sealed record LinkAlertsRequest(IReadOnlyList<long>? AlertIds);

    public sealed record NoteRequest(string? Text);

    public sealed record ObservablesRequest(IReadOnlyList<ObservableRequest>? Observables);

    public sealed record LinkResponse(long IncidentId, int Linked, int AlreadyLinked);

    public sealed record ConflictResponse(string Error, IncidentDocument Current);

    public static RouteGroupBuilder MapIncidentWriteEndpoints(this RouteGroupBuilder api)
    {
        var incidents = api.MapGroup("/incidents").RequireAuthorization(ApiAuthorization.IncidentsWritePolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        incidents.MapPost("", CreateAsync).Accepts<CreateIncidentRequest>("application/json")
            .WithSummary("Create an incident, optionally from alerts (by SecOps id) and with observables; 201 with the incident.").WithName("CreateIncident");
        incidents.MapPatch("/{id:long}", UpdateAsync).Accepts<UpdateIncidentRequest>("application/json")
            .WithSummary("Change status, phase, severity or assignee on the version read; 409 with the current incident when it changed since.").WithName("UpdateIncident");
        incidents.MapPost("/{id:long}/alerts", LinkAlertsAsync).Accepts<LinkAlertsRequest>("application/json")
            .WithSummary("Link alerts to an open incident; alerts already in an incident stay there and are counted.").WithName("LinkIncidentAlerts");
        incidents.MapPost("/{id:long}/notes", AddNoteAsync).Accepts<NoteRequest>("application/json")
            .WithSummary("Add a Markdown note to the incident's timeline.").WithName("AddIncidentNote");
        incidents.MapPost("/{id:long}/observables", AddObservablesAsync).Accepts<ObservablesRequest>("application/json")
            .WithSummary("Add observables (ip, domain, url, hash, user, email); duplicates are merged.").WithName("AddIncidentObservables");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IncidentEscalation escalation, IncidentQueries queries, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadAsync<CreateIncidentRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var actor = Actor.From(http.User);
        var errors = new List<string>();
        var draft = new NewIncident(body.Title, body.Description,
            Severity(body.Severity, errors),
            Wire(body.Type, "type", IncidentType.Other, errors), Wire(body.Tlp, "tlp", Tlp.Amber, errors), Wire(body.Pap, "pap", Pap.Amber, errors),
            body.TeamId, body.Restricted, body.Members, Observables(body.Observables, errors));
        if (errors.Count > 0)
        {
            return Invalid(string.Join(" ", errors));
        }
        var outcome = await escalation.CreateAsync(actor, draft, body.AlertIds ?? [], cancellationToken);
        if (!outcome.Succeeded)
        {
            return Invalid(outcome.Error!);
        }
        var location = $"/api/v1/incidents/{outcome.IncidentId}";
        // A restricted incident that names nobody the key acts for is created, but the caller may not read it back.
        return await queries.GetAsync(actor, outcome.IncidentId, cancellationToken) is { } created
            ? TypedResults.Created(location, IncidentDocument.From(created))
            : TypedResults.Created(location);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IncidentEditing editing, IncidentQueries queries, long id, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadAsync<UpdateIncidentRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var actor = Actor.From(http.User);
        var current = await queries.GetAsync(actor, id, cancellationToken);
        if (current is null)
        {
            return TypedResults.NotFound();
        }
        var errors = new List<string>();
        if (body.Version is null)
        {
            errors.Add("version is required: the version of the incident you read.");
        }
        var edit = new IncidentEdit(body.Version ?? 0, Wire(body.Status, "status", current.Status, errors), Wire(body.Phase, "phase", current.Phase, errors),
            Severity(body.Severity, errors) ?? current.Severity,
            body.AssigneeId is null ? current.AssigneeId : body.AssigneeId.Length == 0 ? null : body.AssigneeId);
        if (errors.Count > 0)
        {
            return Invalid(string.Join(" ", errors));
        }
        var outcome = await editing.UpdateAsync(actor, id, edit, cancellationToken);
        return await AnswerAsync(actor, id, outcome, queries, cancellationToken);
    }

    private static async Task<IResult> LinkAlertsAsync(HttpContext http, IncidentEscalation escalation, long id, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadAsync<LinkAlertsRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var outcome = await escalation.AddAlertsAsync(Actor.From(http.User), id, body.AlertIds ?? [], cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(new LinkResponse(outcome.IncidentId, outcome.Linked, outcome.AlreadyLinked))
            : outcome.Error == EditOutcome.MissingIncident ? TypedResults.NotFound()
            : Invalid(outcome.Error!);
    }

    private static async Task<IResult> AddNoteAsync(HttpContext http, IncidentEditing editing, IncidentQueries queries, long id, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadAsync<NoteRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var actor = Actor.From(http.User);
        return await AnswerAsync(actor, id, await editing.AddNoteAsync(actor, id, body.Text, cancellationToken), queries, cancellationToken);
    }

    private static async Task<IResult> AddObservablesAsync(HttpContext http, IncidentObservables observables, IncidentQueries queries, long id,
        CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadAsync<ObservablesRequest>(http, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }
        var errors = new List<string>();
        var chosen = Observables(body.Observables, errors);
        if (errors.Count > 0 || chosen.Count == 0)
        {
            return Invalid(errors.Count > 0 ? string.Join(" ", errors) : "observables is required: at least one { type, value }.");
        }
        var actor = Actor.From(http.User);
        return await AnswerAsync(actor, id, await observables.AddAsync(actor, id, chosen, cancellationToken), queries, cancellationToken);
    }

    /// <summary>200 with the incident as it is now; 404 for one the caller may not see; 409 with it for a stale version; else 400.</summary>
    private static async Task<IResult> AnswerAsync(Actor actor, long id, EditOutcome outcome, IncidentQueries queries, CancellationToken cancellationToken)
    {
        if (!outcome.Succeeded && outcome.Error == EditOutcome.MissingIncident)
        {
            return TypedResults.NotFound();
        }
        if (!outcome.Succeeded && !outcome.Stale)
        {
            return Invalid(outcome.Error!);
        }
        var now = await queries.GetAsync(actor, id, cancellationToken);
        if (now is null)
        {
            return TypedResults.NotFound();
        }
        return outcome.Succeeded
            ? TypedResults.Ok(IncidentDocument.From(now))
            : TypedResults.Conflict(new ConflictResponse(outcome.Error!, IncidentDocument.From(now)));
    }

    internal static BadRequest<IncidentReadEndpoints.ErrorResponse> Invalid(string error) => TypedResults.BadRequest(new IncidentReadEndpoints.ErrorResponse(error));

    /// <summary>The body as <typeparamref name="T"/>, or the 400 that says why it is not one.</summary>
    internal static async Task<(T? Body, IResult? Invalid)> ReadAsync<T>(HttpContext http, CancellationToken cancellationToken) where T : class
    {
        // Another content type never gets here: the endpoint accepts JSON only (415).
        try
        {
            var body = await http.Request.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
            return body is null ? (null, Invalid("Send a JSON object, not null.")) : (body, null);
        }
        catch (JsonException e)
        {
            // The reader's message names the path and position, never the body's content.
            return (null, Invalid("The body is not a JSON object of the expected shape: " + e.Message));
        }
    }

    private static IReadOnlyList<NewObservable> Observables(IReadOnlyList<ObservableRequest>? requested, List<string> errors) =>
        [.. (requested ?? []).Select((o, i) => new NewObservable(Wire(o.Type, $"observables[{i}].type", default(ObservableType), errors, required: true), o.Value, o.Ioc))];

    /// <summary>A vocabulary value by its wire name (<c>in_progress</c>, <c>amber_strict</c>), or <paramref name="absent"/> when not given.</summary>
    private static T Wire<T>(string? text, string field, T absent, List<string> errors, bool required = false) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add($"{field} is required.");
            }
            return absent;
        }
        if (IncidentDocument.TryParseWire<T>(text, out var value))
        {
            return value;
        }
        errors.Add($"{field} is one of {string.Join(", ", Enum.GetValues<T>().Select(v => IncidentDocument.Wire(v)))}.");
        return absent;
    }

    private static Severity? Severity(string? text, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (AlertVocabulary.TryParseSeverity(text, out var severity))
        {
            return severity;
        }
        errors.Add("severity is one of low, medium, high, critical.");
        return null;
    }
}
