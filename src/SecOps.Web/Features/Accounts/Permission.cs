namespace SecOps.Web.Features.Accounts;

public enum Permission
{
    AlertsRead,
    AlertsTriage,
    AlertsIngest,
    AuditEventsIngest,
    IncidentsRead,
    IncidentsWrite,
    ReportsRead,
    MetricsRead,
    AuditTrailRead,
    UsersManage,
    ApiKeysManage,
}
