namespace SecOps.Web.Features.Accounts;

public enum Permission
{
    AlertsRead,
    AlertsTriage,
    AlertsIngest,
    AuditEventsIngest,
    IncidentsRead,
    IncidentsWrite,

    /// <summary>Create incidents and escalate alerts into open ones (analysts); editing them is <see cref="IncidentsWrite"/>.</summary>
    IncidentsEscalate,
    ReportsRead,
    MetricsRead,
    AuditTrailRead,
    UsersManage,
    ApiKeysManage,

    /// <summary>See restricted incidents without being named on them (administrators); everyone else needs to be a named member.</summary>
    IncidentsReadRestricted,

    /// <summary>Create teams and change who is in them (administrators).</summary>
    TeamsManage,
}
