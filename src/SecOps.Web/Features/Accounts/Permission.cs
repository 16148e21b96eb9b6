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
}
