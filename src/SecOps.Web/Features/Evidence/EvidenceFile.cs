namespace SecOps.Web.Features.Evidence;

/// <summary>
/// A file attached to an incident as evidence: what it was called (hostile text, shown as text and never used as a
/// path), its size and SHA-256 as computed on upload, and who uploaded it. The bytes live apart (<see cref="EvidenceBlob"/>)
/// so listing evidence never reads them.
/// </summary>
public sealed class EvidenceFile
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public required string FileName { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the bytes as uploaded; every download recomputes it and refuses a mismatch.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedById { get; set; }
    public required string UploadedByName { get; set; }
}

/// <summary>The bytes of one evidence file, in the store (a table of blobs: one row per file, written once).</summary>
public sealed class EvidenceBlob
{
    public long EvidenceId { get; set; }
    public byte[] Content { get; set; } = [];
}

public enum CustodyAction
{
    Uploaded = 0,
    Downloaded = 1,

    /// <summary>A download refused because the stored bytes no longer match the recorded hash.</summary>
    DownloadRefused = 2,
}

/// <summary>One access to an evidence file (chain of custody): who did what, when; append-only.</summary>
public sealed class EvidenceCustodyEntry
{
    public long Id { get; set; }
    public long EvidenceId { get; set; }
    public long IncidentId { get; set; }
    public DateTimeOffset At { get; set; }
    public CustodyAction Action { get; set; }
    public required string ActorId { get; set; }
    public required string ActorName { get; set; }
}
