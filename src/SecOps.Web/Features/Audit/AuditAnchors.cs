using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// Writes the chain's head outside the database: one JSON line per anchor appended to a file in the data directory, a
/// structured log line (which a log shipper carries further) and, when configured, a document in Elasticsearch
/// (<see cref="AuditAnchorIndex"/>, sent in the background). Verification compares the chain with them: a chain that ends
/// before an anchored record lost its tail, and an anchored record whose MAC differs was rewritten.
/// </summary>
public sealed partial class AuditAnchors(IOptions<AuditOptions> options, Hosting.DataPaths paths, AuditAnchorIndex index, TimeProvider time, ILogger<AuditAnchors> logger)
{
    private readonly Lock _fileLock = new();
    private long _lastAnchored;

    public string FilePath { get; } = paths.Resolve(options.Value.AnchorFile);

    /// <summary>The highest sequence this process anchored (0 before the first).</summary>
    public long LastAnchored => Volatile.Read(ref _lastAnchored);

    public void Anchor(long sequence, string mac)
    {
        var anchor = new AuditAnchor(sequence, mac, time.GetUtcNow());
        var line = JsonSerializer.Serialize(anchor, AnchorJson.Default.AuditAnchor) + "\n";
        lock (_fileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            // Append only: the file is never rewritten, and each line reaches the disk before the next record is anchored.
            using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            var bytes = System.Text.Encoding.UTF8.GetBytes(line);
            file.Write(bytes);
            file.Flush(flushToDisk: true);
            if (sequence > _lastAnchored)
            {
                Volatile.Write(ref _lastAnchored, sequence);
            }
        }
        LogAnchor(sequence, mac);
        index.Offer(anchor);
    }

    /// <summary>Every anchor in the file, in file order; lines that do not parse are counted, not trusted.</summary>
    public async Task<(IReadOnlyList<AuditAnchor> Anchors, int Unreadable)> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return ([], 0);
        }
        var anchors = new List<AuditAnchor>();
        var unreadable = 0;
        await using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize(line, AnchorJson.Default.AuditAnchor) is { Sequence: > 0, Mac.Length: AuditChain.MacLength } anchor)
                {
                    anchors.Add(anchor);
                    continue;
                }
            }
            catch (JsonException)
            {
            }
            unreadable++;
        }
        return (anchors, unreadable);
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Audit chain head {AuditSequence} {AuditMac}")]
    private partial void LogAnchor(long auditSequence, string auditMac);
}

public sealed record AuditAnchor(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("mac")] string Mac,
    [property: JsonPropertyName("at")] DateTimeOffset At);

[JsonSerializable(typeof(AuditAnchor))]
internal sealed partial class AnchorJson : JsonSerializerContext;
