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

    /// <summary>Read the playbook library and export playbooks (everyone who reads incidents).</summary>
    PlaybooksRead,

    /// <summary>Import playbooks (new definitions and new versions): administrators.</summary>
    PlaybooksManage,
    ReportsRead,
    MetricsRead,
    /// <summary>Read and export the app's audit trail (administrators).</summary>
    AuditTrailRead,

    /// <summary>Verify the audit chain (administrators).</summary>
    AuditTrailVerify,

    /// <summary>Erase a person's data (right to deletion; administrators).</summary>
    PeopleErase,
    UsersManage,
    ApiKeysManage,

    /// <summary>See restricted incidents without being named on them (administrators); everyone else needs to be a named member.</summary>
    IncidentsReadRestricted,

    /// <summary>Create teams and change who is in them (administrators).</summary>
    TeamsManage,

    /// <summary>Approve or reject another administrator's critical action (separation of duties; administrators).</summary>
    ApprovalsDecide,

    /// <summary>Read retention policies, run the purge now and ask for a period change (administrators; a change waits for a second one).</summary>
    RetentionManage,

    /// <summary>Write playbooks in the editor (a new playbook, or a new version of one): responders and administrators.</summary>
    PlaybooksEdit,

    /// <summary>Create, change and delete automation rules, and see recent firings (administrators).</summary>
    AutomationManage,

    /// <summary>See and change the stored outbound allowlist (administrators; an addition waits for a second one).</summary>
    OutboundManage,
}
