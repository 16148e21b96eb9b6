using System.Text.Json;
using SecOps.Web.Elasticsearch;
using SecOps.Web.Elasticsearch.Responses;

namespace SecOps.Tests.Elasticsearch;

/// <summary>The <c>_mget</c> answer, written out here in the shape Elasticsearch 8 documents (no shared fixture has one).</summary>
public sealed class MultiGetResponseTests
{
    private const string Answer = """
        {
          "docs": [
            {
              "_index": ".internal.alerts-security.alerts-default-000001",
              "_id": "a-1",
              "_version": 3,
              "_seq_no": 41,
              "_primary_term": 2,
              "found": true,
              "_source": { "kibana.alert.workflow_status": "acknowledged", "kibana.alert.workflow_status_updated_at": "2025-01-17T08:00:00.000Z" }
            },
            { "_index": ".internal.alerts-security.alerts-default-000001", "_id": "gone", "found": false },
            {
              "_index": "deleted-index",
              "_id": "a-3",
              "error": {
                "root_cause": [ { "type": "index_not_found_exception", "reason": "no such index [deleted-index]", "index": "deleted-index" } ],
                "type": "index_not_found_exception",
                "reason": "no such index [deleted-index]",
                "resource.type": "index_expression",
                "resource.id": "deleted-index",
                "index_uuid": "_na_",
                "index": "deleted-index"
              }
            }
          ]
        }
        """;

    [Fact]
    public void MultiGet_FoundDocument_HasItsSequenceNumberPrimaryTermAndSource()
    {
        var found = Parse().Docs[0];

        Assert.True(found.Found);
        Assert.Equal((".internal.alerts-security.alerts-default-000001", "a-1", 3L, 41L, 2L), (found.Index, found.Id, found.Version, found.SeqNo, found.PrimaryTerm));
        Assert.Equal("acknowledged", found.Source!.Value.GetProperty("kibana.alert.workflow_status").GetString());
        Assert.Null(found.Error);
    }

    [Fact]
    public void MultiGet_MissingDocumentAndMissingIndex_AreTellableApart()
    {
        var docs = Parse().Docs;

        Assert.Equal(3, docs.Count);
        Assert.False(docs[1].Found);
        Assert.Null(docs[1].Error);
        Assert.Null(docs[1].SeqNo);
        Assert.False(docs[2].Found);
        Assert.Equal(("index_not_found_exception", "deleted-index"), (docs[2].Error!.Type, docs[2].Error!.Index));
    }

    private static MultiGetResponse Parse() =>
        JsonSerializer.Deserialize(Answer, ElasticsearchJsonContext.Default.MultiGetResponse) ?? throw new InvalidOperationException("null");
}
