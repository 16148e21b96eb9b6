using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Suppression;

namespace SecOps.Web.Data;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.DocumentId).IsUnique();
        b.HasIndex(a => a.AlertTime);
        // Only queued alerts: every board, kanban, count and overview query filters suppressed ones out, so this index
        // covers their counts (no table row is read) and pages.
        b.HasIndex(a => new { a.Status, a.Severity, a.AlertTime }).HasFilter("\"SuppressedBy\" IS NULL");
        b.HasIndex(a => new { a.RiskScore, a.AlertTime });
        b.HasIndex(a => a.Fingerprint);
        b.HasIndex(a => a.IncidentId);
        // Prefix matches (host:web-*) and CIDR ranges (ip:10.0.0.0/8) are range scans on these.
        b.HasIndex(a => a.HostName);
        b.HasIndex(a => a.UserName);
        b.HasIndex(a => a.SourceIpKey);
        b.HasIndex(a => a.DestinationIpKey);
        b.Property(a => a.SourceIpKey).HasMaxLength(IpKey.Length);
        b.Property(a => a.DestinationIpKey).HasMaxLength(IpKey.Length);
        b.Property(a => a.DocumentId).HasMaxLength(512);
        b.Property(a => a.RuleName).HasMaxLength(1024);
        b.Property(a => a.Severity).HasConversion<int>();
        b.Property(a => a.Status).HasConversion<int>();
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class AlertStatusTotalConfiguration : IEntityTypeConfiguration<AlertStatusTotal>
{
    public void Configure(EntityTypeBuilder<AlertStatusTotal> b)
    {
        b.HasKey(t => t.Status);
        b.Property(t => t.Status).HasConversion<int>().ValueGeneratedNever();
    }
}

internal sealed class AlertTransitionConfiguration : IEntityTypeConfiguration<AlertTransition>
{
    public void Configure(EntityTypeBuilder<AlertTransition> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.AlertId, t.At });
    }
}

internal sealed class ChangeFeedConfiguration : IEntityTypeConfiguration<ChangeFeedEntry>
{
    public void Configure(EntityTypeBuilder<ChangeFeedEntry> b)
    {
        b.HasKey(c => c.Seq);
        // Assigned by the writer under the write lock, never by the database, so a rolled-back
        // transaction can never leave a hole that a later commit fills out of order.
        b.Property(c => c.Seq).ValueGeneratedNever();
        b.HasIndex(c => c.EntityId);
    }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => r.At);
        // The chain's order; unique, so even a lock that failed could not fork the chain.
        b.HasIndex(r => r.Sequence).IsUnique();
        b.Property(r => r.Sequence).ValueGeneratedNever();
        b.Property(r => r.Action).HasMaxLength(128);
        b.Property(r => r.Mac).HasMaxLength(AuditChain.MacLength);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.DocumentId).IsUnique();
        // The incident timeline asks for one window about some users and hosts, newest first.
        b.HasIndex(e => e.Timestamp);
        b.HasIndex(e => new { e.UserName, e.Timestamp });
        b.HasIndex(e => new { e.TargetUserName, e.Timestamp });
        b.HasIndex(e => new { e.UserId, e.Timestamp });
        b.HasIndex(e => new { e.HostName, e.Timestamp });
        b.Property(e => e.DocumentId).HasMaxLength(DocumentIds.MaxLength);
        b.Property(e => e.Source).HasMaxLength(64);
        b.Property(e => e.Category).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.Action).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.Outcome).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.UserName).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.UserId).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.TargetUserName).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.HostName).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.SourceIp).HasMaxLength(AuditEventMapper.ShortField + 1);
        b.Property(e => e.Summary).HasMaxLength(AuditEventMapper.SummaryLength + 1);
        b.Property(e => e.ContentHash).HasMaxLength(64);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(k => k.Id);
        b.HasIndex(k => k.KeyHash).IsUnique();
        b.Ignore(k => k.ScopeList);
    }
}

internal sealed class SuppressionRuleConfiguration : IEntityTypeConfiguration<SuppressionRule>
{
    public void Configure(EntityTypeBuilder<SuppressionRule> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Reason).HasMaxLength(1024);
        b.HasIndex(r => r.ExpiresAt);
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<Features.Triage.Views.SavedView>
{
    public void Configure(EntityTypeBuilder<Features.Triage.Views.SavedView> b)
    {
        b.HasKey(v => v.Id);
        b.HasIndex(v => v.OwnerId);
        b.Property(v => v.Name).HasMaxLength(100);
        b.Property(v => v.Query).HasMaxLength(10_000);
    }
}

internal sealed class UserSettingConfiguration : IEntityTypeConfiguration<Features.Triage.Views.UserSetting>
{
    public void Configure(EntityTypeBuilder<Features.Triage.Views.UserSetting> b)
    {
        b.HasKey(s => new { s.UserId, s.Key });
        b.Property(s => s.Key).HasMaxLength(100);
        b.Property(s => s.Value).HasMaxLength(2000);
    }
}
