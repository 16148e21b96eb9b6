using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.AuditEvents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Ingest.Elastic;

public sealed class ElasticCompatibleIngestTests : IDisposable
{
    private const int MaxRequestBytes = 8 * 1024;

    private readonly SecOpsApp _app = new(new Dictionary<string, string?>
    {
        ["SecOps:Ingest:MaxRequestBytes"] = MaxRequestBytes.ToString(),
    });

    public void Dispose() => _app.Dispose();

    private static string Action(string action, string? index = null, string? id = null)
    {
        var metadata = new JsonObject();
        if (index is not null)
        {
            metadata["_index"] = index;
        }
        if (id is not null)
        {
            metadata["_id"] = id;
        }
        return new JsonObject { [action] = metadata }.ToJsonString();
    }

    private static string Bulk(params string[] lines) => string.Join("\n", lines) + "\n";

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostBulkAsync(
        HttpClient client, string body, string path = "/api/v1/elastic/_bulk", string contentType = "application/x-ndjson")
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    private static List<(string Action, JsonElement Item)> Items(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.EnumerateObject().Single()).Select(p => (p.Name, p.Value)).ToList();

    private static List<int> Statuses(JsonElement body) => Items(body).Select(i => i.Item.GetProperty("status").GetInt32()).ToList();

    private async Task<List<Alert>> StoredAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Root_AnswersLikeElasticsearchWithTheProductHeader()
    {
        using var response = await _app.Client().GetAsync("/api/v1/elastic/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(root.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("cluster_name").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("cluster_uuid").GetString()));
        Assert.Equal("You Know, for Search", root.GetProperty("tagline").GetString());
        var version = root.GetProperty("version");
        Assert.Equal("8.15.0", version.GetProperty("number").GetString());
        Assert.Equal("default", version.GetProperty("build_flavor").GetString());
        Assert.False(string.IsNullOrEmpty(version.GetProperty("lucene_version").GetString()));
        Assert.Equal("7.17.0", version.GetProperty("minimum_wire_compatibility_version").GetString());
        Assert.Equal("7.0.0", version.GetProperty("minimum_index_compatibility_version").GetString());

        using var head = await _app.Client().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/elastic/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("Elasticsearch", head.Headers.GetValues("X-Elastic-Product").Single());

        using var withoutSlash = await _app.Client().GetAsync("/api/v1/elastic");
        Assert.Equal(HttpStatusCode.OK, withoutSlash.StatusCode);
    }

    [Fact]
    public async Task Root_VersionIsConfigurable()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Ingest:Elastic:Version"] = "8.12.1" });

        using var response = await app.Client().GetAsync("/api/v1/elastic/");

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("8.12.1", root.GetProperty("version").GetProperty("number").GetString());
    }

    [Fact]
    public async Task WithoutCredentials_Answers401AndWithoutIngestScope403()
    {
        using var root = await _app.Client(apiKey: null).GetAsync("/api/v1/elastic/");
        Assert.Equal(HttpStatusCode.Unauthorized, root.StatusCode);

        var (status, _, response) = await PostBulkAsync(_app.Client(apiKey: null), Bulk(Action("index", "alerts-x"), Documents.Alert().ToJsonString()));
        response.Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        var readOnly = await _app.CreateApiKeyAsync(PermissionTable.ScopeRead);
        using var forbidden = await _app.Client(readOnly).GetAsync("/api/v1/elastic/");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task ElasticsearchClientKeyForm_Base64IdColonKey_IsAccepted()
    {
        var client = _app.Client(apiKey: null);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("secops-key-id:" + SecOpsApp.BootstrapKey));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", encoded);

        using var root = await client.GetAsync("/api/v1/elastic/");
        var (status, body, response) = await PostBulkAsync(client, Bulk(Action("create", "alerts-endpoint"), Documents.Alert("b64-1").ToJsonString()));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([201], Statuses(body));
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task Bulk_MixedActions_AnswersPerItemInOrderAndStoresTheAlerts()
    {
        var body = Bulk(
            Action("index", ".alerts-security.alerts-default", "mixed-index"), Documents.Alert("ignored-uuid", rule: "Indexed").ToJsonString(),
            Action("create", "filebeat-8.15.0"), Documents.Alert("mixed-create", rule: "Created").ToJsonString(),
            Action("update", "alerts-x", "mixed-index"), "{\"doc\":{\"kibana.alert.workflow_status\":\"closed\"}}",
            Action("delete", "alerts-x", "mixed-create"),
            Action("create", "alerts-x"), "{\"kibana.alert.uuid\":\"no-timestamp\"}",
            Action("index", "audit-2024.05"), Documents.Alert("audit-doc").ToJsonString());

        var (status, json, response) = await PostBulkAsync(_app.Client(), body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        response.Dispose();
        Assert.True(json.GetProperty("errors").GetBoolean());
        Assert.True(json.GetProperty("took").GetInt64() >= 0);
        var items = Items(json);
        Assert.Equal(["index", "create", "update", "delete", "create", "index"], items.Select(i => i.Action));
        Assert.Equal([201, 201, 400, 400, 400, 201], Statuses(json));
        Assert.Equal("mixed-index", items[0].Item.GetProperty("_id").GetString());
        Assert.Equal(".alerts-security.alerts-default", items[0].Item.GetProperty("_index").GetString());
        Assert.Equal("created", items[0].Item.GetProperty("result").GetString());
        Assert.Equal("mixed-create", items[1].Item.GetProperty("_id").GetString());
        Assert.Equal("filebeat-8.15.0", items[1].Item.GetProperty("_index").GetString());
        Assert.All(items.Skip(2).Take(3), i => Assert.False(string.IsNullOrEmpty(i.Item.GetProperty("error").GetProperty("type").GetString())));
        Assert.Equal(("audit-2024.05", "created"), (items[5].Item.GetProperty("_index").GetString(), items[5].Item.GetProperty("result").GetString()));
        Assert.False(items[0].Item.TryGetProperty("error", out _));

        var stored = await StoredAsync();
        Assert.Equal(["mixed-create", "mixed-index"], stored.Select(a => a.DocumentId).Order());
        Assert.All(stored, a => Assert.Equal("elastic-bulk", a.Source));
        Assert.Equal("Indexed", stored.Single(a => a.DocumentId == "mixed-index").RuleName);
    }

    [Fact]
    public async Task BulkWithIndexInThePath_UsesItAsTheDefaultIndex_AndAcceptsApplicationJson()
    {
        var body = Bulk(
            Action("create"), Documents.Alert("path-1").ToJsonString(),
            Action("index", "wazuh-alerts-4.x-2024.05.01"), Documents.Alert("path-2").ToJsonString(),
            Action("index", null, "path-3"), Documents.Alert().ToJsonString());

        var (status, json, response) = await PostBulkAsync(_app.Client(), body, "/api/v1/elastic/logs-endpoint.alerts-default/_bulk", "application/json");
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json.GetProperty("errors").GetBoolean());
        var items = Items(json);
        Assert.Equal(["logs-endpoint.alerts-default", "wazuh-alerts-4.x-2024.05.01", "logs-endpoint.alerts-default"], items.Select(i => i.Item.GetProperty("_index").GetString()));
        Assert.Equal(["path-1", "path-2", "path-3"], items.Select(i => i.Item.GetProperty("_id").GetString()));
        Assert.Equal(3, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task BulkWithoutAnyIndex_IsAPerItemError()
    {
        var (status, json, response) = await PostBulkAsync(_app.Client(), Bulk(Action("index"), Documents.Alert().ToJsonString()));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([400], Statuses(json));
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task CreateTwice_AnswersConflictTheSecondTime_IndexTwiceAnswersUpdated_TriageStateKept()
    {
        var first = await PostBulkAsync(_app.Client(), Bulk(Action("create", "alerts-x", "twice-1"), Documents.Alert(rule: "First").ToJsonString()));
        first.Response.Dispose();
        var alert = (await StoredAsync()).Single();
        var analyst = new Actor("analyst-1", "Ana Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        Assert.True((await _app.Get<AlertTriage>().AcknowledgeAsync(analyst, alert.Id, CancellationToken.None)).Succeeded);

        var second = await PostBulkAsync(_app.Client(), Bulk(
            Action("create", "alerts-x", "twice-1"), Documents.Alert(rule: "Second").ToJsonString(),
            Action("create", "alerts-x", "twice-2"), Documents.Alert().ToJsonString(),
            Action("create", "alerts-x", "twice-2"), Documents.Alert().ToJsonString()));
        second.Response.Dispose();
        var third = await PostBulkAsync(_app.Client(), Bulk(Action("index", "alerts-x", "twice-1"), Documents.Alert(rule: "Third").ToJsonString()));
        third.Response.Dispose();

        Assert.Equal([201], Statuses(first.Body));
        Assert.Equal([409, 201, 409], Statuses(second.Body));
        var conflict = Items(second.Body)[0].Item;
        Assert.Equal("version_conflict_engine_exception", conflict.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("twice-1", conflict.GetProperty("_id").GetString());
        Assert.True(second.Body.GetProperty("errors").GetBoolean());
        Assert.Equal([200], Statuses(third.Body));
        Assert.Equal("updated", Items(third.Body)[0].Item.GetProperty("result").GetString());

        var stored = await StoredAsync();
        Assert.Equal(2, stored.Count);
        var updated = stored.Single(a => a.DocumentId == "twice-1");
        Assert.Equal("Third", updated.RuleName);
        Assert.Equal(AlertStatus.Acknowledged, updated.Status);
    }

    [Fact]
    public async Task MalformedActionLines_FailAloneAndTheOthersAreStored()
    {
        var body = Bulk(
            Action("index", "alerts-x", "ok-1"), Documents.Alert().ToJsonString(),
            "{\"index\": {\"_index\": ",
            Documents.Alert("owned-by-the-bad-line").ToJsonString(),
            "{\"frobnicate\": {}}",
            Documents.Alert("owned-by-the-unknown-action").ToJsonString(),
            Action("create", "alerts-x", "ok-2"), Documents.Alert().ToJsonString(),
            Action("index", "alerts-x", "bad-source"), "{\"@timestamp\": ",
            "[1, 2]",
            Action("create", "alerts-x", "ok-3"), Documents.Alert().ToJsonString());

        var (status, json, response) = await PostBulkAsync(_app.Client(), body);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("errors").GetBoolean());
        Assert.Equal([201, 400, 400, 201, 400, 400, 201], Statuses(json));
        Assert.Equal(["ok-1", "ok-2", "ok-3"], (await StoredAsync()).Select(a => a.DocumentId).Order());
    }

    [Fact]
    public async Task BodyThatCannotBeSplit_Answers400WithAnElasticsearchErrorBody()
    {
        var (arrayStatus, arrayBody, arrayResponse) = await PostBulkAsync(_app.Client(), "[" + Documents.Alert().ToJsonString() + "]", contentType: "application/json");
        arrayResponse.Dispose();
        var (emptyStatus, emptyBody, emptyResponse) = await PostBulkAsync(_app.Client(), "\n\n");
        emptyResponse.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, arrayStatus);
        Assert.Equal("parse_exception", arrayBody.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(400, arrayBody.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Equal("illegal_argument_exception", emptyBody.GetProperty("error").GetProperty("type").GetString());
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task BodyOverMaxRequestBytes_Answers413AndStoresNothing()
    {
        var lines = Enumerable.Range(0, 60).SelectMany(i => new[] { Action("create", "alerts-x"), Documents.Alert("big-" + i).ToJsonString() }).ToArray();
        var body = Bulk(lines);
        Assert.True(Encoding.UTF8.GetByteCount(body) > MaxRequestBytes);

        var (status, json, response) = await PostBulkAsync(_app.Client(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        response.Dispose();
        Assert.Equal(413, json.GetProperty("status").GetInt32());
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task AuditPatternIndex_StoresAuditEvents_WithPerItemStatus()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var login = AuditEventEndpointsTests.Event(null, at, user: "alice").ToJsonString();
        var body = Bulk(
            Action("index", "audit-2024.05", "a-1"), login,
            Action("create", "logs-auditd.log-default"), AuditEventEndpointsTests.Event("a-2", at, user: "bob").ToJsonString(),
            Action("create", "audit-2024.05", "a-1"), login,
            Action("index", "audit-2024.05", "a-1"), AuditEventEndpointsTests.Event(null, at, user: "alice", outcome: "failure").ToJsonString(),
            Action("index", "audit-2024.05"), "{\"event\":{\"id\":\"no-timestamp\"}}",
            Action("index", "audit-secops"), "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"data_stream\":{\"dataset\":\"secops.audit\"}}",
            Action("create", "logs-endpoint.alerts-default"), Documents.Alert("kept").ToJsonString());

        var (status, json, response) = await PostBulkAsync(_app.Client(), body);
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("errors").GetBoolean());
        Assert.Equal([201, 201, 409, 200, 400, 400, 201], Statuses(json));
        var items = Items(json);
        Assert.Equal(["a-1", "a-2", "a-1", "a-1", "no-timestamp"], items.Take(5).Select(i => i.Item.GetProperty("_id").GetString()));
        Assert.Equal("version_conflict_engine_exception", items[2].Item.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("@timestamp", items[4].Item.GetProperty("error").GetProperty("reason").GetString());
        Assert.Contains("secops.audit", items[5].Item.GetProperty("error").GetProperty("reason").GetString());
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditEvents.AsNoTracking().OrderBy(e => e.DocumentId).ToListAsync();
        Assert.Equal(["a-1", "a-2"], audit.Select(e => e.DocumentId));
        Assert.Equal(("alice", "failure", "elastic-bulk"), (audit[0].UserName, audit[0].Outcome, audit[0].Source));
        Assert.Equal(["kept"], (await StoredAsync()).Select(a => a.DocumentId));
    }
}
