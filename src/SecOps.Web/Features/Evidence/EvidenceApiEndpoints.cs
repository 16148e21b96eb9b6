using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Evidence;

/// <summary>
/// Evidence through the API: list an incident's files with their chain of custody and download one (read scope or a
/// signed-in user, as the incident itself), upload one (scope <c>incidents</c>, as a <c>multipart/form-data</c> field
/// <c>file</c>). The same service as the page does the work: size limit, SHA-256, custody, timeline, audit, need-to-know
/// (404 for an incident the caller may not see); downloads are attachments of type <c>application/octet-stream</c> only.
/// </summary>
public static class EvidenceApiEndpoints
{
    public sealed record EvidenceDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("fileName")] string FileName,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("sha256")] string Sha256,
        [property: JsonPropertyName("uploadedAt")] DateTimeOffset UploadedAt,
        [property: JsonPropertyName("uploadedBy")] string UploadedBy,
        [property: JsonPropertyName("custody")] IReadOnlyList<CustodyDocument> Custody)
    {
        public static EvidenceDocument From(EvidenceView e) => new(e.Id, e.FileName, e.Size, e.Sha256, e.UploadedAt, e.UploadedBy,
            [.. e.Custody.Select(c => new CustodyDocument(c.At, IncidentDocument.Wire(c.Action), c.Who))]);
    }

    public sealed record CustodyDocument(
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("who")] string Who);

    /// <summary>Room for the multipart envelope around the largest file accepted, so a file just over the limit gets the service's clear refusal.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public static RouteGroupBuilder MapEvidenceApiEndpoints(this RouteGroupBuilder api, long maxEvidenceBytes)
    {
        api.MapGet("/incidents/{id:long}/evidence", ListAsync).RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("The incident's evidence files with SHA-256, size, uploader and chain of custody.").WithName("ListIncidentEvidence");
        api.MapGet("/incidents/{id:long}/evidence/{evidenceId:long}", DownloadAsync).RequireAuthorization(ApiAuthorization.ReadPolicy)
            .WithSummary("Download one evidence file (an attachment, application/octet-stream); recorded in its chain of custody; 409 when its bytes no longer match the SHA-256.")
            .WithName("DownloadIncidentEvidence");
        // A cookie never authorises this write (the policy takes API keys only), so there is no form token to check.
        api.MapPost("/incidents/{id:long}/evidence", UploadAsync).RequireAuthorization(ApiAuthorization.IncidentsWritePolicy).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxEvidenceBytes + EnvelopeBytes))
            .WithSummary("Upload an evidence file as the multipart/form-data field 'file'; 201 with its SHA-256 and custody.").WithName("UploadIncidentEvidence");
        return api;
    }

    private static async Task<Results<Ok<List<EvidenceDocument>>, NotFound>> ListAsync(HttpContext http, IncidentQueries incidents, IncidentEvidence evidence, long id,
        CancellationToken cancellationToken)
    {
        var actor = Actor.From(http.User);
        // An incident without evidence and one the caller may not see both list nothing; only the first exists for them.
        if (await incidents.GetAsync(actor, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok((await evidence.ListAsync(actor, id, cancellationToken)).Select(EvidenceDocument.From).ToList());
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IncidentEvidence evidence, long id, long evidenceId, CancellationToken cancellationToken) =>
        EvidenceEndpoints.Serve(http, await evidence.DownloadAsync(Actor.From(http.User), id, evidenceId, cancellationToken));

    private static async Task<IResult> UploadAsync(HttpContext http, IncidentEvidence evidence, long id, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return Invalid("Send the file as multipart/form-data in a field named 'file'.");
        }
        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { } file)
        {
            return Invalid("Send the file as multipart/form-data in a field named 'file'.");
        }
        var actor = Actor.From(http.User);
        await using var content = file.OpenReadStream();
        var outcome = await evidence.UploadAsync(actor, id, file.FileName, file.Length, content, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.Error == EditOutcome.MissingIncident ? TypedResults.NotFound() : Invalid(outcome.Error!);
        }
        var stored = (await evidence.ListAsync(actor, id, cancellationToken)).First(e => e.Id == outcome.EvidenceId);
        return TypedResults.Created($"/api/v1/incidents/{id}/evidence/{outcome.EvidenceId}", EvidenceDocument.From(stored));
    }

    private static BadRequest<IncidentReadEndpoints.ErrorResponse> Invalid(string error) => TypedResults.BadRequest(new IncidentReadEndpoints.ErrorResponse(error));
}
