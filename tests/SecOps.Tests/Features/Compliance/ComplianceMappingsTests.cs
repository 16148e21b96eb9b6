using Microsoft.Extensions.Configuration;
using SecOps.Web.Features.Compliance;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Tests.Features.Compliance;

public sealed class ComplianceMappingsTests
{
    private static ComplianceOptions Shipped()
    {
        using var stream = ComplianceSetup.OpenMappings();
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        return configuration.GetSection(ComplianceOptions.SectionName).Get<ComplianceOptions>()!;
    }

    [Fact]
    public void ShippedMappings_CoverEveryControlTheProductNames()
    {
        var options = Shipped();
        string[] Controls(string framework) => [.. options.Frameworks.Single(f => f.Id == framework).Controls.Select(c => c.Id)];

        Assert.Equal(["5.24", "5.25", "5.26", "5.27", "5.28", "8.15", "8.16"], Controls("iso-27001"));
        Assert.Equal(["CC7.3", "CC7.4", "CC7.5"], Controls("soc-2"));
        Assert.Equal(["Art. 33(1)", "Art. 33(5)", "Candidates"], Controls("gdpr"));
        Assert.Equal(["23(4)(a)", "23(4)(b)", "23(4)(d)"], Controls("nis2"));
        Assert.Equal(["Patch SLA", "MFA", "Admin audit", "API keys", "Access review"], Controls("vulnerability-access"));
        var nist = Controls("nist-csf-2");
        Assert.Contains(nist, c => c.StartsWith("DE.", StringComparison.Ordinal));
        Assert.Contains(nist, c => c.StartsWith("RS.", StringComparison.Ordinal));
        Assert.Contains(nist, c => c.StartsWith("RC.", StringComparison.Ordinal));
        Assert.Equal(10, options.Owasp.Count);
        Assert.Equal(["waf-sqli-942100", "waf-xss-941100"], options.Owasp.Single(c => c.Id == "A03:2021").Rules);
    }

    [Fact]
    public void ShippedMappings_EveryControlShowsEvidence_AndEveryOwaspSelectorNamesAKnownCategory()
    {
        var options = Shipped();

        Assert.All(options.Frameworks.SelectMany(f => f.Controls), c => Assert.NotEmpty(c.Evidence));
        Assert.All(options.Frameworks.SelectMany(f => f.Controls).SelectMany(c => c.Evidence).Where(e => e.OwaspCategory is not null),
            e => Assert.Contains(options.Owasp, o => o.Id == e.OwaspCategory));
    }

    [Fact]
    public void ShippedMappings_EveryRegulatorySelectorNamesAKnownDutyAndDeadlineStates()
    {
        var selectors = Shipped().Frameworks.SelectMany(f => f.Controls).SelectMany(c => c.Evidence).Where(e => e.Duty is not null).ToList();

        Assert.Equal(15, selectors.Count);
        Assert.All(selectors, e =>
        {
            Assert.Equal(EvidenceKind.Incidents, e.Kind);
            Assert.True(Enum.TryParse<RegulatoryDuty>(e.Duty, out _), e.Duty);
            Assert.All(e.Deadlines, word => Assert.True(Enum.TryParse<DeadlineState>(word, out _), word));
        });
    }

    [Fact]
    public void Configuration_OverridesTheShippedMappings()
    {
        using var stream = ComplianceSetup.OpenMappings();
        var configuration = new ConfigurationBuilder().AddJsonStream(stream)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SecOps:Compliance:NoisyMinimumAlerts"] = "3", ["SecOps:Compliance:Owasp:0:Rules:0"] = "my-bac-rule" })
            .Build();

        var options = configuration.GetSection(ComplianceOptions.SectionName).Get<ComplianceOptions>()!;

        Assert.Equal(3, options.NoisyMinimumAlerts);
        Assert.Equal(["my-bac-rule"], options.Owasp[0].Rules);
    }
}
