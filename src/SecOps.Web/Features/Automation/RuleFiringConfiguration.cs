using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecOps.Web.Features.Automation;

internal sealed class RuleFiringConfiguration : IEntityTypeConfiguration<RuleFiring>
{
    public void Configure(EntityTypeBuilder<RuleFiring> b)
    {
        b.ToTable("AutomationFirings");
        b.HasKey(f => f.Id);
        // The claim: the insert of (rule, subject) that goes in first is the one firing (AutomationFirings.ClaimAsync).
        b.HasIndex(f => new { f.Rule, f.Subject }).IsUnique();
        // The rate limit: a rule's firings in its window are counted at each claim.
        b.HasIndex(f => new { f.Rule, f.ClaimedAt });
        b.Property(f => f.Rule).HasMaxLength(AutomationRule.NameLength);
        b.Property(f => f.Subject).HasMaxLength(64);
        b.Property(f => f.Outcome).HasMaxLength(AutomationFirings.OutcomeLength);
    }
}
