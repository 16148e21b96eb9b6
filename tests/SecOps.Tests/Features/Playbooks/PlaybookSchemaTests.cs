using System.Text.Json;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Tests.Features.Playbooks;

/// <summary>The published schema (wwwroot/playbooks/schema.json) names the same words the validator accepts, so the two never drift apart.</summary>
public sealed class PlaybookSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "wwwroot", "playbooks", "schema.json"))).RootElement;

    private static string[] Enum(JsonElement node) => [.. node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Schema_ListsTheValidatorsVocabulary()
    {
        var properties = Schema.GetProperty("properties");
        var triggers = properties.GetProperty("triggers").GetProperty("properties");
        var step = Schema.GetProperty("$defs").GetProperty("step").GetProperty("properties");

        Assert.Equal(PlaybookVocabulary.Phases.Select(p => p.Wire), Enum(properties.GetProperty("phases").GetProperty("items").GetProperty("properties").GetProperty("phase")));
        Assert.Equal(PlaybookVocabulary.IncidentTypes.Select(t => t.Wire), Enum(triggers.GetProperty("incident_types").GetProperty("items")));
        Assert.Equal(PlaybookVocabulary.Severities.Select(AlertVocabulary.ToWire), Enum(triggers.GetProperty("severities").GetProperty("items")));
        Assert.Equal(Roles.All, Enum(step.GetProperty("owner")));
        Assert.Equal(PlaybookVocabulary.Evidence.Select(e => e.Wire), Enum(step.GetProperty("evidence").GetProperty("items")));
        Assert.Equal(PlaybookVocabulary.Automations.Select(a => a.Wire), Enum(step.GetProperty("automated")));
        Assert.Equal(PlaybookVocabulary.Key().ToString(), Schema.GetProperty("$defs").GetProperty("key").GetProperty("pattern").GetString());
        Assert.Equal(PlaybookVocabulary.MitreId().ToString(), triggers.GetProperty("mitre").GetProperty("items").GetProperty("pattern").GetString());
    }

    [Fact]
    public void Schema_RequiresWhatTheValidatorRequires()
    {
        Assert.Equal(["id", "name", "phases"], Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["id", "title", "owner", "sla"], Schema.GetProperty("$defs").GetProperty("step").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    private static class Repository
    {
        public static string Root { get; } = Find(AppContext.BaseDirectory);

        private static string Find(string directory) =>
            File.Exists(Path.Combine(directory, "SecOps.sln")) ? directory : Find(Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("No SecOps.sln above the tests."));
    }
}
