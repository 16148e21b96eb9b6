using System.Security.Claims;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Accounts;

/// <summary>Who is acting: a signed-in person or an API key, with the permissions their roles or scopes grant.</summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<Permission> Permissions)
{
    public const string ApiKeyIdPrefix = "apikey:";
    public const string ScopeClaim = "scope";

    /// <summary>On an API key's identity: the id of the person who created the key.</summary>
    public const string OwnerClaim = "secops:owner";

    public static readonly Actor System = new("system", "SecOps", Enum.GetValues<Permission>().ToHashSet());
    public static readonly Actor Anonymous = new("anonymous", "anonymous", new HashSet<Permission>());

    public bool Can(Permission permission) => Permissions.Contains(permission);

    /// <summary>The person an API key acts for (who created it), when a person did.</summary>
    public string? KeyOwner { get; init; }

    /// <summary>
    /// The person <c>assignee:me</c> means: the signed-in person, or the person who created the API key; null for SecOps
    /// itself, anonymous callers and keys no person created.
    /// </summary>
    public string? PersonId => Id.StartsWith(ApiKeyIdPrefix, StringComparison.Ordinal) ? KeyOwner : Id is "system" or "anonymous" or "unknown" ? null : Id;

    public static Actor From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        // A display name reaches history, assignments, view credits and presence: no control or bidi characters in it.
        var name = DisplayText.CleanUserText(principal.FindFirstValue(ClaimTypes.Name) ?? id, DisplayText.ShortField)!;
        var permissions = principal.FindAll(ClaimTypes.Role).SelectMany(c => PermissionTable.ForRole(c.Value))
            .Concat(principal.FindAll(ScopeClaim).SelectMany(c => PermissionTable.ForScope(c.Value)))
            .ToHashSet();
        return new Actor(id, name, permissions) { KeyOwner = principal.FindFirstValue(OwnerClaim) };
    }
}
