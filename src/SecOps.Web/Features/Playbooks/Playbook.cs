namespace SecOps.Web.Features.Playbooks;

/// <summary>A playbook in the library: its id (from the file) and its newest version. Versions are never changed or removed.</summary>
public sealed class Playbook
{
    public long Id { get; set; }

    /// <summary>The file's <c>id</c>: what an import of a changed definition names to become the next version.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }
    public int LatestVersion { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One version of a playbook as imported: the definition in its canonical YAML (what export gives back) and who
/// imported it when. Incidents point at the version they attached, so a later import never changes their tasks.
/// </summary>
public sealed class PlaybookVersion
{
    public long Id { get; set; }
    public long PlaybookId { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public required string Yaml { get; set; }

    /// <summary>SHA-256 of the canonical text without the version: an import with the same hash is no change.</summary>
    public required string ContentHash { get; set; }

    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedById { get; set; }
    public required string ImportedByName { get; set; }
}
