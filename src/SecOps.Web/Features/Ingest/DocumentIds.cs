namespace SecOps.Web.Features.Ingest;

/// <summary>
/// The document id rule of the ingest contract: the id the transport gives (<c>_id</c>), else the first id field of
/// the document's kind that it has, else a hash of the canonical document, so an identical re-post is recognised.
/// </summary>
public static class DocumentIds
{
    public const int MaxLength = 512;

    public const string HashPrefix = "sha256:";

    public static string Of(string? transportId, FlatDocument doc, params ReadOnlySpan<string> idFields) =>
        !string.IsNullOrEmpty(transportId) ? transportId
        : doc.String(idFields) is { } id ? id
        : HashPrefix + FlatDocument.CanonicalHash(doc.Root);
}
