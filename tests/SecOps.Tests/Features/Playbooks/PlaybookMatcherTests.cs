using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Tests.Features.Playbooks;

/// <summary>Suggestions: which playbooks match an incident, best first, and why.</summary>
public sealed class PlaybookMatcherTests
{
    private static IReadOnlyList<(PlaybookDefinition, int)> Library() =>
        [.. ShippedPlaybooks.Files().Select(f => (PlaybookYaml.Parse(f.Yaml).Playbooks[0], 1))];

    private static IncidentFacts Facts(IncidentType type = IncidentType.Other, Severity severity = Severity.Low, string[]? rules = null, string[]? tactics = null, string[]? techniques = null) =>
        new(type, severity, rules ?? [], tactics ?? [], techniques ?? []);

    [Fact]
    public void WafSqlInjectionAlert_SuggestsTheWebApplicationPlaybookFirst_WithItsReasons()
    {
        var facts = Facts(IncidentType.IntrusionAttempts, Severity.High, ["WAF: SQL injection attempt"], ["Initial Access"], ["T1190 Exploit Public-Facing Application"]);

        var ranked = PlaybookMatcher.Rank(facts, Library());

        var best = ranked[0];
        Assert.Equal("web-application-attack", best.Key);
        Assert.Equal(["Incident type is intrusion attempts", "Rule “WAF: SQL injection attempt” matches “WAF:*”",
            "Rule “WAF: SQL injection attempt” matches “*SQL injection*”", "ATT&CK technique T1190 Exploit Public-Facing Application", "Severity is high"], best.Reasons);
        Assert.Equal(2 + 4 + 4 + 3 + 1, best.Score);
        Assert.True(ranked.Zip(ranked.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public void SuspiciousEmailRule_SuggestsPhishingFirst_WithTheSubTechniqueAsAReason()
    {
        var facts = Facts(IncidentType.Other, Severity.Medium, ["Suspicious email link clicked"], ["Initial Access"], ["T1566.002 Spearphishing Link"]);

        var ranked = PlaybookMatcher.Rank(facts, Library());

        Assert.Equal("phishing", ranked[0].Key);
        Assert.Contains("ATT&CK technique T1566.002 Spearphishing Link", ranked[0].Reasons);
    }

    [Fact]
    public void SeverityAlone_SuggestsNothing()
    {
        Assert.Empty(PlaybookMatcher.Rank(Facts(severity: Severity.Critical), Library()));
    }

    [Fact]
    public void Tactic_MatchesByItsName_AndTies_GoByName()
    {
        var a = new PlaybookDefinition("bbb", "Beta", "", new([], [], ["TA0006"], []), []);
        var b = new PlaybookDefinition("aaa", "Alpha", "", new([], [], ["TA0006"], []), []);

        var ranked = PlaybookMatcher.Rank(Facts(tactics: ["Credential Access"]), [(a, 1), (b, 2)]);

        Assert.Equal(["Alpha", "Beta"], ranked.Select(s => s.Name));
        Assert.Equal(["ATT&CK tactic TA0006 Credential Access"], ranked[0].Reasons);
        Assert.Equal(2, ranked[0].Version);
    }

    [Theory]
    [InlineData("*phish*", "Possible Phishing Site", true)]
    [InlineData("WAF:*", "waf: xss", true)]
    [InlineData("WAF:*", "Not WAF: xss", false)]
    [InlineData("T?st", "Test", true)]
    [InlineData("a.b", "axb", false)]
    public void RuleNamePattern_IsAWholeNameGlob_CaseInsensitive(string pattern, string rule, bool matches) =>
        Assert.Equal(matches, PlaybookMatcher.Glob(pattern, rule));

    [Fact]
    public void Technique_MatchesItsSubTechniques_NotOtherNumbers()
    {
        var playbook = new PlaybookDefinition("x", "X", "", new([], [], ["T1110"], []), []);

        Assert.NotNull(PlaybookMatcher.Match(Facts(techniques: ["T1110.003 Password Spraying"]), playbook, 1));
        Assert.Null(PlaybookMatcher.Match(Facts(techniques: ["T11100 Made up"]), playbook, 1));
    }
}
