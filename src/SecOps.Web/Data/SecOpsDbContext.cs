using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Suppression;

namespace SecOps.Web.Data;

/// <summary>
/// The store's model. This type carries the SQLite migrations (<c>Data/Migrations</c>);
/// <see cref="Postgres.PostgresDbContext"/> is the same model with PostgreSQL's own migrations.
/// </summary>
public class SecOpsDbContext : IdentityDbContext<SecOpsUser>, IDataProtectionKeyContext
{
    public SecOpsDbContext(DbContextOptions<SecOpsDbContext> options) : base(options)
    {
    }

    protected SecOpsDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<Alert> Alerts => Set<Alert>();
    /// <summary>The queue's size per status, kept by triggers; SQLite only (<see cref="HasStatusTotals"/>).</summary>
    public DbSet<AlertStatusTotal> AlertStatusTotals => Set<AlertStatusTotal>();

    public bool HasStatusTotals => Model.FindEntityType(typeof(AlertStatusTotal)) is not null;

    /// <summary>
    /// How many queued (not suppressed) alerts each status holds: on SQLite the triggers' few rows (a million-row
    /// count took 65 ms; these are four rows), elsewhere a count. Statuses with none are absent.
    /// </summary>
    public async Task<Dictionary<AlertStatus, int>> QueuedPerStatusAsync(CancellationToken cancellationToken) => HasStatusTotals
        ? await AlertStatusTotals.AsNoTracking().Where(t => t.Count != 0).ToDictionaryAsync(t => t.Status, t => (int)t.Count, cancellationToken)
        : await Alerts.Where(a => a.SuppressedBy == null).GroupBy(a => a.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    public DbSet<AlertTransition> AlertTransitions => Set<AlertTransition>();

    /// <summary>Per-day compliance aggregates, kept by triggers; SQLite only (<see cref="HasComplianceAggregates"/>).</summary>
    public DbSet<Features.Compliance.ComplianceAlertDay> ComplianceAlertDays => Set<Features.Compliance.ComplianceAlertDay>();
    public DbSet<Features.Compliance.ComplianceDurationDay> ComplianceDurationDays => Set<Features.Compliance.ComplianceDurationDay>();
    public DbSet<Features.Compliance.ComplianceIncidentDay> ComplianceIncidentDays => Set<Features.Compliance.ComplianceIncidentDay>();
    public DbSet<Features.Compliance.ComplianceSlaTarget> ComplianceSlaTargets => Set<Features.Compliance.ComplianceSlaTarget>();

    public bool HasComplianceAggregates => Model.FindEntityType(typeof(Features.Compliance.ComplianceAlertDay)) is not null;
    public DbSet<Features.Notes.AlertNote> AlertNotes => Set<Features.Notes.AlertNote>();
    public DbSet<ChangeFeedEntry> ChangeFeed => Set<ChangeFeedEntry>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<SuppressionRule> SuppressionRules => Set<SuppressionRule>();
    public DbSet<SecOps.Web.Features.Triage.Views.SavedView> SavedViews => Set<SecOps.Web.Features.Triage.Views.SavedView>();
    public DbSet<SecOps.Web.Features.Triage.Views.UserSetting> UserSettings => Set<SecOps.Web.Features.Triage.Views.UserSetting>();
    public DbSet<StoreLease> Leases => Set<StoreLease>();
    public DbSet<Features.Incidents.Incident> Incidents => Set<Features.Incidents.Incident>();
    public DbSet<Features.Incidents.IncidentEvent> IncidentEvents => Set<Features.Incidents.IncidentEvent>();
    public DbSet<Features.Incidents.IncidentMember> IncidentMembers => Set<Features.Incidents.IncidentMember>();
    public DbSet<Features.Incidents.IncidentTombstone> IncidentTombstones => Set<Features.Incidents.IncidentTombstone>();
    public DbSet<Features.Incidents.TaskTombstone> TaskTombstones => Set<Features.Incidents.TaskTombstone>();
    public DbSet<Features.Incidents.IncidentObservable> IncidentObservables => Set<Features.Incidents.IncidentObservable>();
    public DbSet<Features.Regulatory.IncidentNotification> IncidentNotifications => Set<Features.Regulatory.IncidentNotification>();
    public DbSet<Features.Reviews.PostIncidentReview> PostIncidentReviews => Set<Features.Reviews.PostIncidentReview>();
    public DbSet<Features.Reviews.ReviewFollowUp> ReviewFollowUps => Set<Features.Reviews.ReviewFollowUp>();
    public DbSet<Features.Evidence.EvidenceFile> EvidenceFiles => Set<Features.Evidence.EvidenceFile>();
    public DbSet<Features.Evidence.EvidenceBlob> EvidenceBlobs => Set<Features.Evidence.EvidenceBlob>();
    public DbSet<Features.Evidence.EvidenceCustodyEntry> EvidenceCustody => Set<Features.Evidence.EvidenceCustodyEntry>();
    public DbSet<Features.Teams.Team> Teams => Set<Features.Teams.Team>();
    public DbSet<Features.Admin.Approval> Approvals => Set<Features.Admin.Approval>();
    public DbSet<Features.Admin.AccessReview> AccessReviews => Set<Features.Admin.AccessReview>();
    public DbSet<Features.Admin.AccessReviewItem> AccessReviewItems => Set<Features.Admin.AccessReviewItem>();
    public DbSet<Features.Retention.RetentionPolicy> RetentionPolicies => Set<Features.Retention.RetentionPolicy>();
    public DbSet<Features.Accounts.SignInAttemptWindow> SignInAttemptWindows => Set<Features.Accounts.SignInAttemptWindow>();
    public DbSet<Features.Accounts.SeenLogoutToken> SeenLogoutTokens => Set<Features.Accounts.SeenLogoutToken>();
    public DbSet<Features.Teams.TeamMember> TeamMembers => Set<Features.Teams.TeamMember>();
    public DbSet<Features.Playbooks.Playbook> Playbooks => Set<Features.Playbooks.Playbook>();
    public DbSet<Features.Playbooks.PlaybookVersion> PlaybookVersions => Set<Features.Playbooks.PlaybookVersion>();
    public DbSet<Features.Playbooks.IncidentPlaybook> IncidentPlaybooks => Set<Features.Playbooks.IncidentPlaybook>();
    public DbSet<Features.Playbooks.IncidentTask> IncidentTasks => Set<Features.Playbooks.IncidentTask>();
    public DbSet<Features.Reports.ReportSubscription> ReportSubscriptions => Set<Features.Reports.ReportSubscription>();
    public DbSet<Features.OnCall.DutyPage> OnCallPages => Set<Features.OnCall.DutyPage>();
    public DbSet<Features.Automation.RuleFiring> AutomationFirings => Set<Features.Automation.RuleFiring>();
    public DbSet<Features.Automation.StoredAutomationRule> AutomationRules => Set<Features.Automation.StoredAutomationRule>();
    public DbSet<Features.Outbound.StoredOutboundHost> OutboundHosts => Set<Features.Outbound.StoredOutboundHost>();

    /// <summary>The Data Protection key ring when instances share it (PostgreSQL); SQLite keeps it in the key directory.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SecOps.Web.Elasticsearch.Tail.SourceCheckpoint> SourceCheckpoints => Set<SecOps.Web.Elasticsearch.Tail.SourceCheckpoint>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SecOpsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset natively; storing UTC ticks keeps ordering and range filters in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetTicksConverter>();
    }
}
