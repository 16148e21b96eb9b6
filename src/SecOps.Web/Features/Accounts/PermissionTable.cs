using System.Collections.Frozen;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// The one table of who may do what. Feature services check it for every action, so a page, an API call
/// and a hub method are refused alike whatever the UI shows. Least privilege: a manager reads, never triages.
/// </summary>
public static class PermissionTable
{
    public const string ScopeIngest = "ingest";
    public const string ScopeRead = "read";
    public const string ScopeMetrics = "metrics";

    /// <summary>Create and change incidents through the API (and read what that needs: alerts and incidents).</summary>
    public const string ScopeIncidents = "incidents";

    private static readonly FrozenDictionary<string, FrozenSet<Permission>> ByRole = new Dictionary<string, FrozenSet<Permission>>
    {
        [Roles.Analyst] = Set(Permission.AlertsRead, Permission.AlertsTriage, Permission.IncidentsRead, Permission.IncidentsEscalate, Permission.PlaybooksRead),
        [Roles.Responder] = Set(Permission.AlertsRead, Permission.AlertsTriage, Permission.IncidentsRead, Permission.IncidentsEscalate, Permission.IncidentsWrite, Permission.PlaybooksRead, Permission.PlaybooksEdit),
        [Roles.Manager] = Set(Permission.AlertsRead, Permission.IncidentsRead, Permission.PlaybooksRead, Permission.ReportsRead, Permission.MetricsRead),
        // Everything but ingest: alerts and audit events come from sources (API keys), so no person can forge one.
        [Roles.Admin] = Set([.. Enum.GetValues<Permission>().Except([Permission.AlertsIngest, Permission.AuditEventsIngest])]),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, FrozenSet<Permission>> ByScope = new Dictionary<string, FrozenSet<Permission>>
    {
        [ScopeIngest] = Set(Permission.AlertsIngest, Permission.AuditEventsIngest),
        [ScopeRead] = Set(Permission.AlertsRead, Permission.IncidentsRead),
        [ScopeMetrics] = Set(Permission.MetricsRead),
        [ScopeIncidents] = Set(Permission.AlertsRead, Permission.IncidentsRead, Permission.IncidentsEscalate, Permission.IncidentsWrite),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<Permission> ForRole(string role) =>
        ByRole.TryGetValue(role, out var set) ? set : [];

    public static IEnumerable<Permission> ForScope(string scope) =>
        ByScope.TryGetValue(scope, out var set) ? set : [];

    public static bool IsKnownScope(string scope) => ByScope.ContainsKey(scope);

    private static FrozenSet<Permission> Set(params Permission[] permissions) => permissions.ToFrozenSet();
}
