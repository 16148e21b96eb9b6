namespace SecOps.Web.Features.Accounts;

/// <summary>Thrown by a feature service when the actor lacks the permission; the API maps it to 403.</summary>
public sealed class AccessDeniedException(Permission permission)
    : Exception($"This action needs the '{permission}' permission.")
{
    public Permission Permission { get; } = permission;
}
