using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Elasticsearch.Double;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Tail;
using SecOps.Web.Features.AuditEvents;

namespace SecOps.IntegrationTests.Elasticsearch.Tail;

/// <summary>An audit data stream in the double, as Auditbeat or Winlogbeat write one under <c>logs-*</c>, and what the audit tail made of it.</summary>
public static class AuditIndex
{
    public const string Name = "logs-system.auth-default";

    /// <summary>Where SecOps ships its own audit trail (the marker's data stream).</summary>
    public const string OwnRecords = "logs-secops.audit-default";

    public const string Checkpoint = "elasticsearch:EcsAudit:audit";

    /// <summary>An index with the ECS logs template's types for the fields the tail sorts and filters on.</summary>
    public static void Create(ElasticsearchDouble node, string name = Name) => node.Store.Create(name, new JsonObject
    {
        ["mappings"] = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["@timestamp"] = new JsonObject { ["type"] = "date" },
                ["event.id"] = new JsonObject { ["type"] = "keyword" },
                ["event.category"] = new JsonObject { ["type"] = "keyword" },
                ["user.name"] = new JsonObject { ["type"] = "keyword" },
                ["user.id"] = new JsonObject { ["type"] = "keyword" },
                ["user.target.name"] = new JsonObject { ["type"] = "keyword" },
                ["host.name"] = new JsonObject { ["type"] = "keyword" },
                ["data_stream.dataset"] = new JsonObject { ["type"] = "keyword" },
            },
        },
    });

    /// <summary>An ECS audit event; without <paramref name="eventId"/> it has no <c>event.id</c> (Auditbeat and Winlogbeat set none).</summary>
    public static JsonObject Event(string? eventId, DateTimeOffset at, string category = "authentication", string user = "alice", string host = "web-1",
        string? dataset = "system.auth")
    {
        var document = new JsonObject
        {
            ["@timestamp"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["event"] = new JsonObject { ["category"] = new JsonArray(category), ["action"] = "logged-in", ["outcome"] = "success" },
            ["user"] = new JsonObject { ["name"] = user },
            ["host"] = new JsonObject { ["name"] = host },
        };
        if (eventId is not null)
        {
            document["event"]!["id"] = eventId;
        }
        if (dataset is not null)
        {
            document["data_stream"] = new JsonObject { ["type"] = "logs", ["dataset"] = dataset, ["namespace"] = "default" };
        }
        return document;
    }

    public static async Task<List<AuditEvent>> AuditEventsAsync(this TailApp app)
    {
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public static SourceStatus? AuditHealth(this TailApp app) => app.Get<SourceHealth>().Status(AuditTail.HealthName);
}
