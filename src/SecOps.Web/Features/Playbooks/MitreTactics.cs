namespace SecOps.Web.Features.Playbooks;

/// <summary>ATT&amp;CK Enterprise tactics by id: alerts carry the tactic's name (<c>threat.tactic.name</c>), playbooks its id.</summary>
public static class MitreTactics
{
    private static readonly Dictionary<string, string> Names =
        Incidents.IncidentClassification.Tactics.ToDictionary(t => t.Id, t => t.Name, StringComparer.OrdinalIgnoreCase);

    public static string? Name(string id) => Names.GetValueOrDefault(id);
}
