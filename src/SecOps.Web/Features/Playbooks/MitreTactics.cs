namespace SecOps.Web.Features.Playbooks;

/// <summary>ATT&amp;CK Enterprise tactics by id: alerts carry the tactic's name (<c>threat.tactic.name</c>), playbooks its id.</summary>
public static class MitreTactics
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TA0043"] = "Reconnaissance",
        ["TA0042"] = "Resource Development",
        ["TA0001"] = "Initial Access",
        ["TA0002"] = "Execution",
        ["TA0003"] = "Persistence",
        ["TA0004"] = "Privilege Escalation",
        ["TA0005"] = "Defense Evasion",
        ["TA0006"] = "Credential Access",
        ["TA0007"] = "Discovery",
        ["TA0008"] = "Lateral Movement",
        ["TA0009"] = "Collection",
        ["TA0011"] = "Command and Control",
        ["TA0010"] = "Exfiltration",
        ["TA0040"] = "Impact",
    };

    public static string? Name(string id) => Names.GetValueOrDefault(id);
}
