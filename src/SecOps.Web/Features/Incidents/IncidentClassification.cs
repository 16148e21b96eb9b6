using System.Text.RegularExpressions;

namespace SecOps.Web.Features.Incidents;

/// <summary>A responder's classification of an incident, made on the incident version they saw.</summary>
public sealed record ClassificationEdit(int Version, IReadOnlyList<string> MitreTactics, string? MitreTechniques, string? OwaspCategory, string? AffectedAssets);

/// <summary>
/// The tags an incident carries besides its type (PRODUCT.md: ATT&amp;CK and OWASP are tags, not types): MITRE ATT&amp;CK
/// Enterprise tactics and techniques, the OWASP Top 10 (2021) category where it applies, and the affected assets.
/// Stored as text (ids separated by spaces, assets one per line), validated against these lists.
/// </summary>
public static partial class IncidentClassification
{
    public const int MaxTechniques = 30;
    public const int MaxAssets = 50;
    public const int AssetLength = 200;

    /// <summary>ATT&amp;CK Enterprise tactics in kill-chain order.</summary>
    public static IReadOnlyList<(string Id, string Name)> Tactics { get; } =
    [
        ("TA0043", "Reconnaissance"), ("TA0042", "Resource Development"), ("TA0001", "Initial Access"), ("TA0002", "Execution"),
        ("TA0003", "Persistence"), ("TA0004", "Privilege Escalation"), ("TA0005", "Defense Evasion"), ("TA0006", "Credential Access"),
        ("TA0007", "Discovery"), ("TA0008", "Lateral Movement"), ("TA0009", "Collection"), ("TA0011", "Command and Control"),
        ("TA0010", "Exfiltration"), ("TA0040", "Impact"),
    ];

    /// <summary>The OWASP Top 10 2021.</summary>
    public static IReadOnlyList<(string Id, string Name)> Owasp { get; } =
    [
        ("A01", "Broken Access Control"), ("A02", "Cryptographic Failures"), ("A03", "Injection"), ("A04", "Insecure Design"),
        ("A05", "Security Misconfiguration"), ("A06", "Vulnerable and Outdated Components"), ("A07", "Identification and Authentication Failures"),
        ("A08", "Software and Data Integrity Failures"), ("A09", "Security Logging and Monitoring Failures"), ("A10", "Server-Side Request Forgery"),
    ];

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex Technique();

    public static string TacticName(string id) => Tactics.FirstOrDefault(t => t.Id == id).Name ?? id;

    public static string OwaspName(string id) => Owasp.FirstOrDefault(o => o.Id == id).Name ?? id;

    public static IReadOnlyList<string> Split(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static IReadOnlyList<string> Lines(string stored) => stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The values as stored (tactics in kill-chain order, techniques upper-cased and de-duplicated), or why they cannot be.</summary>
    public static (Stored? Value, string? Error) Validate(ClassificationEdit edit)
    {
        var unknownTactic = edit.MitreTactics.FirstOrDefault(t => Tactics.All(k => k.Id != t));
        if (unknownTactic is not null)
        {
            return (null, $"{Ingest.DisplayText.CleanUserText(unknownTactic, 20)} is not an ATT&CK Enterprise tactic.");
        }
        var tactics = string.Join(' ', Tactics.Where(t => edit.MitreTactics.Contains(t.Id)).Select(t => t.Id));
        var techniques = (edit.MitreTechniques ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.ToUpperInvariant()).Distinct().ToList();
        if (techniques.FirstOrDefault(t => !Technique().IsMatch(t)) is { } bad)
        {
            return (null, $"{Ingest.DisplayText.CleanUserText(bad, 20)} is not an ATT&CK technique id: write T1566 or T1566.001.");
        }
        if (techniques.Count > MaxTechniques)
        {
            return (null, $"At most {MaxTechniques} techniques.");
        }
        var owasp = string.IsNullOrWhiteSpace(edit.OwaspCategory) ? null : edit.OwaspCategory.Trim();
        if (owasp is not null && Owasp.All(o => o.Id != owasp))
        {
            return (null, "Choose an OWASP Top 10 category from the list, or none.");
        }
        var assets = (edit.AffectedAssets ?? "").Split('\n').Select(a => Ingest.DisplayText.CleanUserText(a.Trim())!).Where(a => a.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (assets.Count > MaxAssets)
        {
            return (null, $"At most {MaxAssets} affected assets.");
        }
        if (assets.FirstOrDefault(a => a.Length > AssetLength) is not null)
        {
            return (null, $"An affected asset is at most {AssetLength} characters: one per line.");
        }
        return (new Stored(tactics, string.Join(' ', techniques), owasp, string.Join('\n', assets)), null);
    }

    public sealed record Stored(string MitreTactics, string MitreTechniques, string? OwaspCategory, string AffectedAssets);
}
