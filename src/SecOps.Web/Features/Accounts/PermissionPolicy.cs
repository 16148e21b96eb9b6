using Microsoft.AspNetCore.Authorization;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// One authorization policy per <see cref="Permission"/>, named <c>permission:Name</c>, for pages and browser endpoints:
/// a signed-in person whose roles grant the permission (the permission table decides, as in the services). Pages carry
/// it (<c>@attribute [Authorize(Policy = PermissionPolicy.MetricsRead)]</c>) so a role without the permission is refused
/// before anything renders, and the navigation, the router and the services agree.
/// </summary>
public static class PermissionPolicy
{
    public const string Prefix = "permission:";

    public const string AlertsRead = Prefix + nameof(Permission.AlertsRead);
    public const string IncidentsRead = Prefix + nameof(Permission.IncidentsRead);
    public const string PlaybooksRead = Prefix + nameof(Permission.PlaybooksRead);
    public const string PlaybooksEdit = Prefix + nameof(Permission.PlaybooksEdit);
    public const string ReportsRead = Prefix + nameof(Permission.ReportsRead);
    public const string MetricsRead = Prefix + nameof(Permission.MetricsRead);
    public const string UsersManage = Prefix + nameof(Permission.UsersManage);
    public const string AuditTrailRead = Prefix + nameof(Permission.AuditTrailRead);
    public const string ApiKeysManage = Prefix + nameof(Permission.ApiKeysManage);
    public const string PeopleErase = Prefix + nameof(Permission.PeopleErase);
    public const string ApprovalsDecide = Prefix + nameof(Permission.ApprovalsDecide);
    public const string TeamsManage = Prefix + nameof(Permission.TeamsManage);
    public const string RetentionManage = Prefix + nameof(Permission.RetentionManage);
    public const string AutomationManage = Prefix + nameof(Permission.AutomationManage);
    public const string OutboundManage = Prefix + nameof(Permission.OutboundManage);

    public static string For(Permission permission) => Prefix + permission;

    public static void AddPolicies(AuthorizationBuilder authorization)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            authorization.AddPolicy(For(permission), p => p
                .RequireAuthenticatedUser()
                .RequireAssertion(c => Actor.From(c.User).Can(permission)));
        }
    }
}
