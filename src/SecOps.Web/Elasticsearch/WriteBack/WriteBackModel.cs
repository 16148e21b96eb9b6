using SecOps.Web.Elasticsearch.Presets;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>A status SecOps set on a tailed alert and should tell the source: the alert's current status and when SecOps set it.</summary>
public sealed record PendingStatus(long AlertId, string DocumentId, AlertStatus Status, DateTimeOffset ChangedAt);

/// <summary>Where the source keeps the triage status: the alert indices and the preset's status, status-time and user fields.</summary>
public sealed record WriteBackFields(string Indices, string StatusField, string? StatusTimeField, string? UserField)
{
    public const string KibanaStatusField = "kibana.alert.workflow_status";
    public const string KibanaUserField = "kibana.alert.workflow_user";

    /// <summary>The fields a read needs (and the only ones a write touches).</summary>
    public IReadOnlyList<string> All { get; } = [StatusField, .. new[] { StatusTimeField, UserField }.OfType<string>()];

    /// <summary>
    /// The fields of <paramref name="preset"/>, or null when it has no status field. Only Elastic Security's status has a
    /// user field: Kibana keeps a user profile uid there, which a SecOps person does not have, so a write-back clears it
    /// as Kibana itself does for a user without a profile, rather than leave the previous Kibana user named.
    /// </summary>
    public static WriteBackFields? From(SourcePreset preset, ElasticsearchOptions options) => preset.StatusField is { Length: > 0 } status
        ? new(string.Join(',', options.AlertIndices), status, preset.StatusTimeField, status == KibanaStatusField ? KibanaUserField : null)
        : null;
}

/// <summary>What write-back did with a set of pending statuses.</summary>
public sealed class WriteBackTally
{
    /// <summary>Documents Elasticsearch confirmed writing.</summary>
    public int Written { get; set; }

    /// <summary>Documents that already had SecOps's status.</summary>
    public int InSync { get; set; }

    /// <summary>Documents whose status was changed at the source after SecOps's change, so SecOps took the source's status.</summary>
    public int SourceKept { get; set; }

    /// <summary>Documents no longer in the alert indices (deleted, or an index removed), or without the status field.</summary>
    public int Skipped { get; set; }

    /// <summary>Documents Elasticsearch refused to update for good (a mapping conflict, say); <see cref="LastRefusal"/> says why.</summary>
    public int Refused { get; set; }

    public string? LastRefusal { get; set; }

    public void Add(WriteBackTally other)
    {
        Written += other.Written;
        InSync += other.InSync;
        SourceKept += other.SourceKept;
        Skipped += other.Skipped;
        Refused += other.Refused;
        LastRefusal = other.LastRefusal ?? LastRefusal;
    }
}

/// <summary>A write-back step that cannot finish now and is retried with backoff; the reason is shown in <see cref="SourceHealth"/>.</summary>
public sealed class WriteBackException(DegradedReason reason, string message) : Exception(message)
{
    public DegradedReason Reason { get; } = reason;
}
