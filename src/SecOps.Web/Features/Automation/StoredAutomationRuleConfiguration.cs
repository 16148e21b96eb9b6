using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Automation;

internal sealed class StoredAutomationRuleConfiguration : IEntityTypeConfiguration<StoredAutomationRule>
{
    public void Configure(EntityTypeBuilder<StoredAutomationRule> b)
    {
        b.ToTable("AutomationRules");
        b.HasKey(r => r.Id);
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.Name).HasMaxLength(AutomationRule.NameLength);
        b.Property(r => r.Definition).HasMaxLength(AutomationRules.DefinitionLength);
        b.Property(r => r.ChangedBy).HasMaxLength(450);
    }
}
