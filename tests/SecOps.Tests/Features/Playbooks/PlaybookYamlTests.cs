using System.Text.Json;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Tests.Features.Playbooks;

/// <summary>Playbook files: a valid file reads into its definition; each kind of invalid file is refused with the line of the problem; export re-imports as equal.</summary>
public sealed class PlaybookYamlTests
{
    internal const string Valid = """
        id: phishing-test
        name: Phishing (test)
        version: 3
        description: |
          Reported or detected **phishing**.
          Second line.
        triggers:
          incident_types: [fraud, intrusion-attempts]
          rule_names: ["*phish*"]
          mitre: [TA0001, T1566]
          severities: [high, critical]
        phases:
          - phase: detection-and-analysis
            steps:
              - id: scope
                title: Find every recipient
                owner: analyst
                sla: 30m
                checklist:
                  - Search the mail gateway by sender and subject
                evidence: [note, observable]
          - phase: containment
            steps:
              - id: purge
                title: Purge the message from mailboxes
                owner: responder
                sla: 4h
                evidence: [file]
        """;

    [Fact]
    public void ValidFile_ReadsIntoItsDefinition()
    {
        var parse = PlaybookYaml.Parse(Valid);

        Assert.True(parse.Succeeded, string.Join("; ", parse.Errors));
        var playbook = Assert.Single(parse.Playbooks);
        Assert.Equal(("phishing-test", "Phishing (test)"), (playbook.Key, playbook.Name));
        Assert.Equal("Reported or detected **phishing**.\nSecond line.", playbook.Description);
        Assert.Equal([IncidentType.Fraud, IncidentType.IntrusionAttempts], playbook.Triggers.IncidentTypes);
        Assert.Equal(["*phish*"], playbook.Triggers.RuleNames);
        Assert.Equal(["TA0001", "T1566"], playbook.Triggers.Mitre);
        Assert.Equal([Severity.High, Severity.Critical], playbook.Triggers.Severities);
        Assert.Equal([IncidentPhase.DetectionAndAnalysis, IncidentPhase.Containment], playbook.Phases.Select(p => p.Phase));
        var scope = playbook.Phases[0].Steps[0];
        Assert.Equal(("scope", "analyst", TimeSpan.FromMinutes(30)), (scope.Key, scope.Owner, scope.Sla));
        Assert.Equal(["Search the mail gateway by sender and subject"], scope.Checklist);
        Assert.Equal([EvidenceKind.Note, EvidenceKind.Observable], scope.Evidence);
        Assert.Equal(TimeSpan.FromHours(4), playbook.Phases[1].Steps[0].Sla);
    }

    /// <summary>Each kind of mistake, the text that replaces a line of the valid file, and the line the error must name.</summary>
    [Theory]
    [InlineData("missing name", "name: Phishing (test)", "", 1, "Missing required key 'name'")]
    [InlineData("unknown key", "version: 3", "colour: red", 3, "Unknown key 'colour'")]
    [InlineData("bad id", "id: phishing-test", "id: Phishing Test", 1, "The playbook id is 2 to 63")]
    [InlineData("bad version", "version: 3", "version: three", 3, "The version is a whole number")]
    [InlineData("unknown incident type", "incident_types: [fraud, intrusion-attempts]", "incident_types: [fraud, phishing]", 8, "'phishing' is not")]
    [InlineData("bad mitre id", "mitre: [TA0001, T1566]", "mitre: [TA0001, Phishing]", 10, "A MITRE ATT&CK id is a tactic")]
    [InlineData("bad severity", "severities: [high, critical]", "severities: [high, urgent]", 11, "A severity is one of low, medium, high, critical")]
    [InlineData("list expected", "rule_names: [\"*phish*\"]", "rule_names: \"*phish*\"", 9, "rule_names is a list")]
    [InlineData("unknown phase", "- phase: containment", "- phase: recovery", 22, "A phase is one of detection-and-analysis")]
    [InlineData("phase out of order", "- phase: containment", "- phase: detection-and-analysis", 22, "Phases come once each, in the vocabulary's order")]
    [InlineData("unknown owner", "owner: responder", "owner: intern", 26, "An owner is one of analyst, responder, manager, admin")]
    [InlineData("bad sla", "sla: 4h", "sla: four hours", 27, "An SLA is minutes, hours or days")]
    [InlineData("sla too long", "sla: 4h", "sla: 91d", 27, "at most 90d")]
    [InlineData("unknown evidence", "evidence: [file]", "evidence: [photo]", 28, "An evidence kind is one of note, file, observable")]
    [InlineData("repeated evidence", "evidence: [file]", "evidence: [file, file]", 28, "Each evidence kind is named once")]
    [InlineData("duplicate step id", "- id: purge", "- id: scope", 24, "The step id 'scope' is used twice")]
    [InlineData("missing sla", "sla: 30m", "", 15, "Missing required key 'sla'")]
    [InlineData("title is a list", "title: Find every recipient", "title: [a, b]", 16, "A step title is text")]
    [InlineData("not yaml", "title: Find every recipient", "title: \"unterminated", 16, "Not valid YAML")]
    [InlineData("unclosed flow list", "name: Phishing (test)", "name: [Phishing (test)", 2, "Not valid YAML: the text stops inside an unclosed [ list")]
    [InlineData("webhook not http", "evidence: [file]", "webhook: ftp://soar.example.com/hook", 28, "A webhook is an http or https URL")]
    [InlineData("webhook not absolute", "evidence: [file]", "webhook: /hook", 28, "A webhook is an http or https URL")]
    [InlineData("webhook with credentials", "evidence: [file]", "webhook: https://user:secret@soar.example.com/hook", 28, "A webhook URL holds no user name or password")]
    [InlineData("unknown automation", "evidence: [file]", "automated: query", 28, "An automated step is one of enrich, threat-intel")]
    [InlineData("free query text", "evidence: [file]", "automated: \"source.ip: *\"", 28, "An automated step is one of enrich, threat-intel")]
    public void InvalidFile_IsRefused_WithTheLineOfTheProblem(string kind, string line, string replacement, int expectedLine, string expectedMessage)
    {
        var lines = Valid.Split('\n').ToList();
        var index = lines.FindIndex(l => l.Trim() == line);
        Assert.True(index >= 0, $"{kind}: the valid file has no line '{line}'");
        lines[index] = lines[index][..(lines[index].Length - lines[index].TrimStart().Length)] + replacement;

        var parse = PlaybookYaml.Parse(string.Join('\n', lines));

        Assert.False(parse.Succeeded, kind);
        Assert.Empty(parse.Playbooks);
        var error = Assert.Single(parse.Errors, e => e.Message.Contains(expectedMessage, StringComparison.Ordinal));
        Assert.Equal(expectedLine, error.Line);
        Assert.StartsWith($"line {expectedLine}, column ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralMistakes_AreAllReported_InLineOrder()
    {
        var text = Valid.Replace("owner: analyst", "owner: intern").Replace("sla: 4h", "sla: soon");

        var parse = PlaybookYaml.Parse(text);

        Assert.Equal([17, 27], parse.Errors.Select(e => e.Line));
    }

    [Fact]
    public void FileWithOneBadPlaybookAmongGoodOnes_YieldsNoPlaybookAtAll()
    {
        var second = Valid.Replace("id: phishing-test", "id: second").Replace("sla: 4h", "sla: 0h");

        var parse = PlaybookYaml.Parse(Valid + "\n---\n" + second);

        Assert.Empty(parse.Playbooks);
        var error = Assert.Single(parse.Errors);
        Assert.Equal(29 + 27, error.Line);
    }

    [Fact]
    public void SamePlaybookIdTwiceInOneFile_IsRefused()
    {
        var parse = PlaybookYaml.Parse(Valid + "\n---\n" + Valid);

        Assert.Contains(parse.Errors, e => e.Message.Contains("appears twice", StringComparison.Ordinal) && e.Line == 30);
    }

    [Fact]
    public void Aliases_AreRefused_WithTheirLine()
    {
        var text = Valid.Replace("checklist:", "checklist: &items")
            .Replace("evidence: [file]", "evidence: [file]\n        checklist: *items");

        var parse = PlaybookYaml.Parse(text);

        var error = Assert.Single(parse.Errors);
        Assert.Contains("Aliases", error.Message);
        Assert.Equal(29, error.Line);
    }

    [Fact]
    public void EmptyFile_AndOversizeFile_AreRefused()
    {
        Assert.Contains("holds no playbook", Assert.Single(PlaybookYaml.Parse("").Errors).Message);
        Assert.Contains("larger than", Assert.Single(PlaybookYaml.Parse(new string('#', PlaybookYaml.MaxFileBytes + 1)).Errors).Message);
    }

    [Fact]
    public void ControlAndBidiCharacters_InText_AreReplaced()
    {
        var parse = PlaybookYaml.Parse(Valid.Replace("Find every recipient", "Find every \u202Erecipient"));

        Assert.Equal("Find every \uFFFDrecipient", parse.Playbooks[0].Phases[0].Steps[0].Title);
    }

    [Fact]
    public void AutomatedSteps_AreRead_SurviveExport_AndAreNeverAlsoAWebhook()
    {
        var text = Valid.Replace("        evidence: [file]", "        evidence: [file]\n        automated: threat-intel");

        var parse = PlaybookYaml.Parse(text);
        var both = PlaybookYaml.Parse(Valid.Replace("        evidence: [file]", "        evidence: [file]\n        automated: enrich\n        webhook: https://soar.example.com/hook"));

        Assert.True(parse.Succeeded, string.Join("; ", parse.Errors));
        Assert.Equal(StepAutomation.ThreatIntel, parse.Playbooks[0].Phases[1].Steps[0].Automated);
        Assert.Null(parse.Playbooks[0].Phases[0].Steps[0].Automated);
        var export = PlaybookYaml.Export(parse.Playbooks[0], 1);
        Assert.Contains("automated: threat-intel", export);
        Assert.Equal(StepAutomation.ThreatIntel, PlaybookYaml.Parse(export).Playbooks[0].Phases[1].Steps[0].Automated);
        Assert.False(both.Succeeded);
        Assert.Equal((29, "A step either posts to a webhook or is automated, not both."), (both.Errors[0].Line, both.Errors[0].Message));
    }

    [Fact]
    public void WebhookStep_IsRead_AndSurvivesExport()
    {
        var text = Valid.Replace("        evidence: [file]", "        evidence: [file]\n        webhook: https://soar.example.com/hooks/secops?team=ir");

        var parse = PlaybookYaml.Parse(text);

        Assert.True(parse.Succeeded, string.Join("; ", parse.Errors));
        Assert.Equal(new Uri("https://soar.example.com/hooks/secops?team=ir"), parse.Playbooks[0].Phases[1].Steps[0].Webhook);
        Assert.Null(parse.Playbooks[0].Phases[0].Steps[0].Webhook);
        var reread = PlaybookYaml.Parse(PlaybookYaml.Export(parse.Playbooks[0], 1));
        Assert.Equal(parse.Playbooks[0].Phases[1].Steps[0].Webhook, reread.Playbooks[0].Phases[1].Steps[0].Webhook);
        Assert.Contains("webhook: ", PlaybookYaml.Export(parse.Playbooks[0], 1));
    }

    [Fact]
    public void Export_ThenImport_GivesTheSameDefinition_AndTheSameText()
    {
        var original = PlaybookYaml.Parse(Valid).Playbooks[0];

        var exported = PlaybookYaml.Export(original, 3);
        var reread = PlaybookYaml.Parse(exported);

        Assert.True(reread.Succeeded, string.Join("; ", reread.Errors) + "\n" + exported);
        Assert.Equal(Json(original), Json(reread.Playbooks[0]));
        Assert.Equal(exported, PlaybookYaml.Export(reread.Playbooks[0], 3));
        Assert.Contains("version: 3", exported);
    }

    [Fact]
    public void Export_OfHostileText_QuotesIt_AndReadsBackUnchanged()
    {
        var original = PlaybookYaml.Parse(Valid).Playbooks[0];
        var step = original.Phases[0].Steps[0] with { Title = "key: value # not a comment", Checklist = ["- [ ] \"quoted\" 'single' {flow}", "*star", "@at"] };
        var hostile = original with
        {
            Name = "&anchor !tag",
            Description = "  leading spaces\nline: two\n---\n...",
            Phases = [original.Phases[0] with { Steps = [step] }, original.Phases[1]],
        };

        var reread = PlaybookYaml.Parse(PlaybookYaml.Export(hostile));

        Assert.True(reread.Succeeded, string.Join("; ", reread.Errors));
        Assert.Equal(Json(hostile with { Description = "leading spaces\nline: two\n---\n..." }), Json(reread.Playbooks[0]));
    }

    internal static string Json(PlaybookDefinition playbook) => JsonSerializer.Serialize(playbook);
}
