using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Tests.Features.Playbooks;

/// <summary>The shipped library: every embedded file passes the import validator, and the eight required scenarios are there with real steps.</summary>
public sealed class ShippedPlaybooksTests
{
    public static TheoryData<string> FileNames() => [.. ShippedPlaybooks.Files().Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FileNames))]
    public void ShippedFile_PassesTheImportValidator_AndExportsBackEqual(string name)
    {
        var yaml = ShippedPlaybooks.Files().Single(f => f.Name == name).Yaml;

        var parse = PlaybookYaml.Parse(yaml);

        Assert.True(parse.Succeeded, name + ": " + string.Join("; ", parse.Errors));
        var playbook = Assert.Single(parse.Playbooks);
        Assert.Equal(name, playbook.Key + ".yaml");
        var reread = PlaybookYaml.Parse(PlaybookYaml.Export(playbook, 1));
        Assert.Equal(PlaybookYamlTests.Json(playbook), PlaybookYamlTests.Json(Assert.Single(reread.Playbooks)));
    }

    [Fact]
    public void Library_CoversTheEightRequiredScenarios()
    {
        var keys = ShippedPlaybooks.Files().Select(f => PlaybookYaml.Parse(f.Yaml).Playbooks[0].Key).ToList();

        Assert.Superset(new HashSet<string>(["phishing", "ransomware", "account-compromise", "web-application-attack", "personal-data-breach",
            "malicious-container", "ddos", "insider-misuse"]), keys.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void ShippedPlaybook_HasActionableSteps_InSeveralPhases_WithTriggers(string name)
    {
        var playbook = PlaybookYaml.Parse(ShippedPlaybooks.Files().Single(f => f.Name == name).Yaml).Playbooks[0];

        Assert.False(playbook.Triggers.IsEmpty);
        Assert.Contains(playbook.Phases, p => p.Phase == IncidentPhase.Containment);
        Assert.True(playbook.Phases.Count >= 3, name + " has fewer than three phases");
        Assert.True(playbook.Steps.Count() >= 6, name + " has fewer than six steps");
        // Actionable: every step says what to do, and most name a concrete command, query or check in code.
        Assert.All(playbook.Steps, s => Assert.True(s.Description.Length >= 40, $"{name}/{s.Key} has no real description"));
        Assert.True(playbook.Steps.Count(s => s.Description.Contains('`')) >= 3, name + " names fewer than three concrete commands or queries");
    }

    [Theory]
    [InlineData("phishing.yaml", "lookup-indicators", StepAutomation.ThreatIntel)]
    [InlineData("ransomware.yaml", "lookup-indicators", StepAutomation.ThreatIntel)]
    [InlineData("account-compromise.yaml", "enrich-account", StepAutomation.Enrich)]
    public void ShippedPlaybook_HasItsAutomatedLookup_InDetectionAndAnalysis(string name, string step, StepAutomation automation)
    {
        var playbook = PlaybookYaml.Parse(ShippedPlaybooks.Files().Single(f => f.Name == name).Yaml).Playbooks[0];

        var detection = playbook.Phases.Single(p => p.Phase == IncidentPhase.DetectionAndAnalysis);
        var automated = Assert.Single(detection.Steps, s => s.Automated is not null);
        Assert.Equal((step, automation), (automated.Key, automated.Automated));
        Assert.Null(automated.Webhook);
    }

    [Fact]
    public void PersonalDataBreach_NotifiesTheAuthority_Within72Hours()
    {
        var playbook = PlaybookYaml.Parse(ShippedPlaybooks.Files().Single(f => f.Name == "personal-data-breach.yaml").Yaml).Playbooks[0];

        var notify = playbook.Steps.Single(s => s.Key == "notify-authority");
        Assert.Equal(TimeSpan.FromHours(72), notify.Sla);
    }
}
