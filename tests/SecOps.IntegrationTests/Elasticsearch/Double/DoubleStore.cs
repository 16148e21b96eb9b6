using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// The double's indices. A write is visible to search only after a refresh, or once <see cref="RefreshInterval"/>
/// has passed since it was written (null: only explicit refreshes), like Elasticsearch's near-real-time search.
/// </summary>
public sealed class DoubleStore(TimeProvider time)
{
    private readonly List<DoubleIndex> _indices = [];
    private long _creationOrder;
    private long _documentOrdinal;

    /// <summary>Guards every index and document; the double serves one request at a time inside it.</summary>
    public Lock Gate { get; } = new();

    public TimeSpan? RefreshInterval { get; set; }

    public DoubleIndex Create(string name, JsonObject? body)
    {
        lock (Gate)
        {
            ValidateName(name);
            if (_indices.Any(i => i.Name == name))
            {
                throw new DoubleError(400, "resource_already_exists_exception", $"index [{name}/_na_] already exists", new JsonObject { ["index"] = name });
            }
            var index = new DoubleIndex(name, _creationOrder++, body);
            _indices.Add(index);
            return index;
        }
    }

    public DoubleIndex GetOrCreate(string name)
    {
        lock (Gate)
        {
            return _indices.FirstOrDefault(i => i.Name == name) ?? Create(name, null);
        }
    }

    /// <summary>Resolves a comma-separated list of names and wildcards; a missing concrete name is index_not_found.</summary>
    public IReadOnlyList<DoubleIndex> Resolve(string? expression)
    {
        lock (Gate)
        {
            if (string.IsNullOrEmpty(expression) || expression is "_all" or "*")
            {
                return [.. _indices.Where(i => !i.Name.StartsWith('.')).OrderBy(i => i.CreationOrder)];
            }
            var result = new List<DoubleIndex>();
            foreach (var part in expression.Split(','))
            {
                if (part.Contains('*'))
                {
                    var pattern = new Regex("^" + Regex.Escape(part).Replace("\\*", ".*", StringComparison.Ordinal) + "$");
                    result.AddRange(_indices.Where(i => pattern.IsMatch(i.Name) && (!i.Name.StartsWith('.') || part.StartsWith('.'))));
                }
                else
                {
                    result.Add(_indices.FirstOrDefault(i => i.Name == part) ?? throw DoubleError.IndexNotFound(part));
                }
            }
            return [.. result.Distinct().OrderBy(i => i.CreationOrder)];
        }
    }

    public StoredDocument? Get(string index, string id)
    {
        lock (Gate)
        {
            return _indices.FirstOrDefault(i => i.Name == index)?.Documents.GetValueOrDefault(id);
        }
    }

    /// <summary>Index or create one document; returns it with whether it is new. <paramref name="onlyCreate"/> refuses an existing id with 409.</summary>
    public (DoubleIndex Index, StoredDocument Document, bool Created) Write(string indexName, string? id, JsonObject source, bool onlyCreate,
        long? ifSeqNo = null, long? ifPrimaryTerm = null)
    {
        lock (Gate)
        {
            var index = GetOrCreate(indexName);
            id ??= Guid.NewGuid().ToString("N")[..20];
            var existing = index.Documents.GetValueOrDefault(id);
            if (existing is not null && onlyCreate)
            {
                throw VersionConflict(index, id, $"[{id}]: version conflict, document already exists (current version [{existing.Latest.Version}])");
            }
            if (ifSeqNo is not null || ifPrimaryTerm is not null)
            {
                if (existing is null || existing.Latest.SeqNo != ifSeqNo || ifPrimaryTerm != 1)
                {
                    throw VersionConflict(index, id, $"[{id}]: version conflict, required seqNo [{ifSeqNo}], primary term [{ifPrimaryTerm}]. "
                        + (existing is null ? "but no document was found" : $"current document has seqNo [{existing.Latest.SeqNo}] and primary term [1]"));
                }
            }
            index.MapDynamically(source);
            var version = new DocumentVersion(source, index.NextSeqNo(), (existing?.Latest.Version ?? 0) + 1, time.GetUtcNow());
            if (existing is null)
            {
                existing = new StoredDocument(id, _documentOrdinal++) { Latest = version };
                index.Documents[id] = existing;
                return (index, existing, true);
            }
            existing.Latest = version;
            return (index, existing, false);
        }
    }

    public bool Delete(string indexName, string id)
    {
        lock (Gate)
        {
            return _indices.FirstOrDefault(i => i.Name == indexName)?.Documents.Remove(id) ?? false;
        }
    }

    public void Refresh(string? expression = null)
    {
        lock (Gate)
        {
            // With no expression every index is refreshed, hidden (dot) indices too, as tests expect of Refresh().
            foreach (var index in expression is null ? [.. _indices] : Resolve(expression))
            {
                foreach (var document in index.Documents.Values)
                {
                    document.Searchable = document.Latest;
                }
            }
        }
    }

    /// <summary>The version search sees now, or null when the document is not searchable yet.</summary>
    public DocumentVersion? SearchableVersion(StoredDocument document) =>
        RefreshInterval is { } interval && time.GetUtcNow() - document.Latest.IndexedAt >= interval ? document.Latest : document.Searchable;

    public int DeleteIndices(string expression)
    {
        lock (Gate)
        {
            var doomed = expression is "_all" or "*" ? [.. _indices] : Resolve(expression);
            foreach (var index in doomed)
            {
                _indices.Remove(index);
            }
            return doomed.Count;
        }
    }

    private static DoubleError VersionConflict(DoubleIndex index, string id, string reason) =>
        new(409, "version_conflict_engine_exception", reason, new JsonObject { ["index_uuid"] = "_na_", ["shard"] = "0", ["index"] = index.Name });

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || name != name.ToLowerInvariant() || name.StartsWith('_') || name.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#']) >= 0)
        {
            throw new DoubleError(400, "invalid_index_name_exception", $"Invalid index name [{name}]", new JsonObject { ["index"] = name });
        }
    }
}
