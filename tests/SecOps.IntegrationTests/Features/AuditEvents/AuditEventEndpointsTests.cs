using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.AuditEvents;
using SecOps.Web.Features.Ingest;

namespace SecOps.IntegrationTests.Features.AuditEvents;

/// <summary><c>POST /api/v1/audit-events</c> with the alert ingest contract, and <c>GET /api/v1/audit-events</c> over the store.</summary>
public sealed class AuditEventEndpointsTests : IDisposable
{
    private const string Path = "/api/v1/audit-events";

    private readonly SecOpsApp _app = new(new Dictionary<string, string?>
    {
        ["SecOps:Ingest:MaxRequestBytes"] = (64 * 1024).ToString(),
        ["SecOps:Ingest:MaxDocumentBytes"] = (4 * 1024).ToString(),
    });

    public void Dispose() => _app.Dispose();

    public static JsonObject Event(string? id, DateTimeOffset at, string user = "alice", string host = "web-1", string action = "logged-in", string outcome = "success")
    {
        var document = new JsonObject
        {
            ["@timestamp"] = at.ToString("O"),
            ["event"] = new JsonObject { ["category"] = new JsonArray("authentication"), ["action"] = action, ["outcome"] = outcome },
            ["user"] = new JsonObject { ["name"] = user },
            ["host"] = new JsonObject { ["name"] = host },
        };
        if (id is not null)
        {
            document["event"]!["id"] = id;
        }
        return document;
    }

    private async Task<(HttpStatusCode Status, IngestResponse? Body)> PostAsync(string body, string contentType = "application/x-ndjson", string? apiKey = SecOpsApp.BootstrapKey)
    {
        using var response = await _app.Client(apiKey).PostAsync(Path, new StringContent(body, Encoding.UTF8, contentType));
        return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<IngestResponse>(JsonSerializerOptions.Web) : null);
    }

    private async Task<List<AuditEvent>> StoredAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Ndjson_GoodAndBadLines_AnswersPerItemWithLineNumbers_AndKeepsTheValidOnes()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var lines = new[]
        {
            Event("nd-1", at).ToJsonString(),
            "{\"@timestamp\": \"2024-01-01T00:00:00Z\", \"event\": ",
            "",
            Event(null, at.AddSeconds(1), user: "bob").ToJsonString(),
            "{\"event\": {\"id\": \"no-time\"}}",
            "[1, 2]",
            "{\"@timestamp\": \"2024-01-01T00:00:00Z\", \"data_stream\": {\"dataset\": \"secops.audit\"}, \"event\": {\"id\": \"own\"}}",
            Event("nd-2", at.AddSeconds(2)).ToJsonString(),
        };

        var (status, body) = await PostAsync(string.Join("\n", lines));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!.Errors);
        Assert.Equal([201, 400, 201, 400, 400, 400, 201], body.Items.Select(i => i.Status));
        Assert.Equal([1, 2, 4, 5, 6, 7, 8], body.Items.Select(i => i.Line!.Value));
        Assert.Equal(["nd-1", "no-time", "own", "nd-2"], body.Items.Where(i => i.Id.Length > 0 && !i.Id.StartsWith(DocumentIds.HashPrefix, StringComparison.Ordinal)).Select(i => i.Id));
        Assert.All(body.Items.Where(i => i.Status == 400), i => Assert.False(string.IsNullOrEmpty(i.Error)));
        Assert.StartsWith(DocumentIds.HashPrefix, body.Items[2].Id);
        var stored = await StoredAsync();
        Assert.Equal(["nd-1", body.Items[2].Id, "nd-2"], stored.Select(e => e.DocumentId));
        Assert.All(stored, e => Assert.Equal("api", e.Source));
        Assert.Equal(("bob", "web-1", "authentication", "logged-in", "success"), (stored[1].UserName, stored[1].HostName, stored[1].Category, stored[1].Action, stored[1].Outcome));
    }

    [Fact]
    public async Task Repost_IsNotDuplicated_AndAChangedRepostUpdatesTheFields()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var document = Event("re-1", at);
        var hashOnly = Event(null, at, user: "carol");

        var first = await PostAsync(Documents.Ndjson([document, hashOnly]));
        var again = await PostAsync(Documents.Ndjson([document, hashOnly]));
        var changed = await PostAsync(Documents.Ndjson([Event("re-1", at, outcome: "failure")]));

        Assert.Equal([201, 201], first.Body!.Items.Select(i => i.Status));
        Assert.Equal([200, 200], again.Body!.Items.Select(i => i.Status));
        Assert.Equal(first.Body.Items.Select(i => i.Id), again.Body.Items.Select(i => i.Id));
        Assert.Equal(200, changed.Body!.Items.Single().Status);
        var stored = await StoredAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal("failure", stored.Single(e => e.DocumentId == "re-1").Outcome);
    }

    [Fact]
    public async Task JsonObjectAndArray_AreAccepted()
    {
        var at = DateTimeOffset.UtcNow;

        var single = await PostAsync(Event("obj-1", at).ToJsonString(), "application/json");
        var array = await PostAsync(new JsonArray(Event("arr-1", at), Event("arr-2", at)).ToJsonString(), "application/json");

        Assert.Equal(["obj-1"], single.Body!.Items.Select(i => i.Id));
        Assert.Equal(["arr-1", "arr-2"], array.Body!.Items.Select(i => i.Id));
        Assert.Equal(3, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task OversizeRequest_Answers413_OversizeDocument_IsRejectedAlone_MalformedBody_Answers400()
    {
        var big = Event("big", DateTimeOffset.UtcNow);
        big["padding"] = new string('x', 5 * 1024);
        var huge = Documents.Ndjson(Enumerable.Range(0, 600).Select(i => Event("many-" + i, DateTimeOffset.UtcNow)));
        Assert.True(Encoding.UTF8.GetByteCount(huge) > 64 * 1024);

        var (tooLarge, _) = await PostAsync(huge);
        var (_, mixed) = await PostAsync(Documents.Ndjson([Event("small", DateTimeOffset.UtcNow), big]));
        var (malformed, _) = await PostAsync("[{\"a\":", "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal([201, 400], mixed!.Items.Select(i => i.Status));
        Assert.Contains("limit", mixed.Items[1].Error);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Equal(["small"], (await StoredAsync()).Select(e => e.DocumentId));
    }

    [Fact]
    public async Task Post_NoKey401_ReadKey403_CookieOrNot_NothingStored()
    {
        var body = Documents.Ndjson([Event("auth-1", DateTimeOffset.UtcNow)]);
        var readOnly = await _app.CreateApiKeyAsync("read");

        var (anonymous, _) = await PostAsync(body, apiKey: null);
        var (reader, _) = await PostAsync(body, apiKey: readOnly);
        var (ingest, _) = await PostAsync(body, apiKey: await _app.CreateApiKeyAsync("ingest"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, reader);
        Assert.Equal(HttpStatusCode.OK, ingest);
        Assert.Equal(["auth-1"], (await StoredAsync()).Select(e => e.DocumentId));
    }

    [Fact]
    public async Task Get_FiltersByUsersOrHostsInTheWindow_NewestFirstAndBounded()
    {
        var t = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await PostAsync(Documents.Ndjson(
        [
            Event("g-1", t, user: "alice", host: "web-1"),
            Event("g-2", t.AddMinutes(1), user: "bob", host: "db-1"),
            Event("g-3", t.AddMinutes(2), user: "carol", host: "web-1"),
            Event("g-4", t.AddMinutes(3), user: "dave", host: "db-2"),
            Event("g-5", t.AddHours(5), user: "alice", host: "web-1"),
        ]));
        var from = Uri.EscapeDataString(t.ToString("O"));
        var to = Uri.EscapeDataString(t.AddHours(1).ToString("O"));
        var client = _app.Client(await _app.CreateApiKeyAsync("read"));

        var about = await client.GetFromJsonAsync<AuditEventEndpoints.AuditEventPage>($"{Path}?user=bob&host=web-1&from={from}&to={to}", JsonSerializerOptions.Web);
        var bounded = await client.GetFromJsonAsync<AuditEventEndpoints.AuditEventPage>($"{Path}?from={from}&to={to}&size=2", JsonSerializerOptions.Web);

        Assert.Equal(["g-3", "g-2", "g-1"], about!.Items.Select(e => e.DocumentId));
        Assert.Equal(["g-4", "g-3"], bounded!.Items.Select(e => e.DocumentId));
        Assert.Equal("carol: logged-in (success) on web-1", about.Items[0].Summary);
    }

    [Fact]
    public async Task Get_NoCredentials401_IngestOnlyKey403_BadTime400()
    {
        using var anonymous = await _app.Client(apiKey: null).GetAsync(Path);
        using var ingestOnly = await _app.Client(await _app.CreateApiKeyAsync("ingest")).GetAsync(Path);
        using var badTime = await _app.Client().GetAsync(Path + "?from=yesterday");
        using var backwards = await _app.Client().GetAsync(Path + "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, ingestOnly.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.False(string.IsNullOrEmpty((await badTime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }
}
