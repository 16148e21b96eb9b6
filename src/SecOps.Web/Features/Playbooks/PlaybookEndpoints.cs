using System.Text;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Playbooks;

/// <summary>Export of one playbook version as a YAML download (the library page links here); the schema is a static file.</summary>
public static class PlaybookEndpoints
{
    public static WebApplication MapPlaybookEndpoints(this WebApplication app)
    {
        app.MapGet("/playbooks/{key}/export", ExportAsync).RequireAuthorization(PermissionPolicy.PlaybooksRead).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, PlaybookLibrary library, string key, int? version, CancellationToken cancellationToken)
    {
        PlaybookRevision? revision;
        try
        {
            revision = await library.GetAsync(Actor.From(http.User), key, version, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        return revision is null
            ? Results.NotFound()
            : Results.File(Encoding.UTF8.GetBytes(PlaybookYaml.Export(revision.Definition, revision.Version)), "application/yaml", $"{revision.Key}-v{revision.Version}.yaml");
    }
}
