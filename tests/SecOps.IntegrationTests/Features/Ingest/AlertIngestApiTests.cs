using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Ingest;

public sealed class AlertIngestApiTests : IDisposable
{
    private readonly SecOpsApp _app = new(new Dictionary<string, string?>
    {
        ["SecOps:Ingest:MaxRequestBytes"] = (256 * 1024).ToString(),
        ["SecOps:Ingest:MaxDocumentBytes"] = (8 * 1024).ToString(),
    });

    public void Dispose() => _app.Dispose();

    private async Task<int> StoredCountAsync()
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.CountAsync();
    }

    private async Task<Alert> StoredAsync(string documentId)
    {
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return await db.Alerts.SingleAsync(a => a.DocumentId == documentId);
    }

    [Fact]
    public async Task Ndjson_TenLinesWithTwoBad_Answers200WithTenItemsStoresEightAndNamesTheBadLines()
    {
        var lines = Enumerable.Range(1, 10).Select(i => i switch
        {
            4 => "{\"@timestamp\": \"2024-01-01T00:00:00Z\", \"kibana.alert.uuid\": ",
            9 => "{\"kibana.alert.uuid\": \"no-timestamp\"}",
            _ => Documents.Alert("ndjson-" + i).ToJsonString(),
        });

        var response = await Documents.PostNdjsonAsync(_app.Client(), string.Join("\n", lines));

        Assert.True(response.Errors);
        Assert.Equal(10, response.Items.Count);
        Assert.Equal(8, response.Items.Count(i => i.Status == 201));
        var bad = response.Items.Where(i => i.Status == 400).ToList();
        Assert.Equal([4, 9], bad.Select(i => i.Line!.Value));
        Assert.All(bad, i => Assert.False(string.IsNullOrEmpty(i.Error)));
        Assert.Equal("ndjson-1", response.Items[0].Id);
        Assert.Equal(8, await StoredCountAsync());
    }

    [Fact]
    public async Task IdenticalRepost_StoresNoDuplicateAndAnswers200()
    {
        var document = Documents.Alert("repost-1");

        var first = await Documents.PostAsync(_app.Client(), document);
        var second = await Documents.PostAsync(_app.Client(), document);

        Assert.Equal(201, first.Items.Single().Status);
        Assert.Equal(200, second.Items.Single().Status);
        Assert.Equal(1, await StoredCountAsync());
    }

    [Fact]
    public async Task DocumentWithoutAnyId_IsRecognisedOnRepostByItsContentHash()
    {
        var document = new System.Text.Json.Nodes.JsonObject { ["@timestamp"] = "2024-05-01T10:00:00Z", ["message"] = "no id at all" };

        var first = await Documents.PostAsync(_app.Client(), document);
        var second = await Documents.PostAsync(_app.Client(), document);

        Assert.StartsWith("sha256:", first.Items.Single().Id);
        Assert.Equal(first.Items.Single().Id, second.Items.Single().Id);
        Assert.Equal(1, await StoredCountAsync());
    }

    [Fact]
    public async Task ChangedRepeat_UpdatesSourceFieldsAndKeepsTriageState()
    {
        await Documents.PostAsync(_app.Client(), Documents.Alert("changed-1", rule: "Original rule"));
        var stored = await StoredAsync("changed-1");
        var analyst = new Actor("analyst-1", "Ana Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        Assert.True((await _app.Get<AlertTriage>().AcknowledgeAsync(analyst, stored.Id, CancellationToken.None)).Succeeded);
        Assert.True((await _app.Get<AlertTriage>().ClaimAsync(analyst, stored.Id, CancellationToken.None)).Succeeded);

        var response = await Documents.PostAsync(_app.Client(), Documents.Alert("changed-1", rule: "Renamed rule", severity: "critical"));

        Assert.Equal(200, response.Items.Single().Status);
        var updated = await StoredAsync("changed-1");
        Assert.Equal("Renamed rule", updated.RuleName);
        Assert.Equal(Severity.Critical, updated.Severity);
        Assert.Equal(AlertStatus.Acknowledged, updated.Status);
        Assert.Equal("Ana Analyst", updated.AssigneeName);
        Assert.Equal(1, await StoredCountAsync());
    }

    [Fact]
    public async Task RequestOverTheLimit_Answers413AndStoresNothing()
    {
        var body = Documents.Ndjson(Enumerable.Range(0, 2000).Select(i => Documents.Alert("big-" + i)));
        Assert.True(Encoding.UTF8.GetByteCount(body) > 256 * 1024);

        using var response = await _app.Client().PostAsync("/api/v1/alerts", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await StoredCountAsync());
    }

    [Fact]
    public async Task DocumentOverTheLimit_IsRejectedAloneAndTheOthersAreStored()
    {
        var big = Documents.Alert("oversize");
        big["padding"] = new string('x', 10 * 1024);

        var response = await Documents.PostAsync(_app.Client(), Documents.Alert("small-1"), big, Documents.Alert("small-2"));

        Assert.Equal([201, 400, 201], response.Items.Select(i => i.Status));
        Assert.Contains("limit", response.Items[1].Error);
        Assert.Equal(2, await StoredCountAsync());
    }

    [Fact]
    public async Task MalformedJsonBody_Answers400WithAReason()
    {
        using var response = await _app.Client().PostAsync("/api/v1/alerts", new StringContent("[{\"a\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonArray_IsAcceptedWithItemsInInputOrder()
    {
        var array = new System.Text.Json.Nodes.JsonArray(Documents.Alert("arr-1"), Documents.Alert("arr-2"));

        using var response = await _app.Client().PostAsync("/api/v1/alerts", new StringContent(array.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<IngestResponse>(JsonSerializerOptions.Web);

        Assert.False(body!.Errors);
        Assert.Equal(["arr-1", "arr-2"], body.Items.Select(i => i.Id));
        Assert.Null(body.Items[0].Line);
    }

    [Fact]
    public async Task NoKey_Answers401_ReadOnlyKey_Answers403_AndNothingIsStored()
    {
        var body = Documents.Ndjson([Documents.Alert("auth-1")]);
        var readOnly = await _app.CreateApiKeyAsync("read");

        using var anonymous = await _app.Client(apiKey: null).PostAsync("/api/v1/alerts", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        using var wrongKey = await _app.Client(apiKey: "soc_not-a-key-that-exists-anywhere-at-all-000").PostAsync("/api/v1/alerts", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        using var reader = await _app.Client(readOnly).PostAsync("/api/v1/alerts", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Null(anonymous.Headers.Location);
        Assert.Equal(0, await StoredCountAsync());
    }

    [Fact]
    public async Task ElasticsearchClientKeyForm_IdColonKeyInBase64_IsAccepted()
    {
        var key = await _app.CreateApiKeyAsync("ingest");
        var client = _app.Client(apiKey: Convert.ToBase64String(Encoding.UTF8.GetBytes("some-id:" + key)));

        var response = await Documents.PostAsync(client, Documents.Alert("es-form-1"));

        Assert.Equal(201, response.Items.Single().Status);
    }

    [Fact]
    public async Task ApiKeyInTheQueryString_IsNotAccepted()
    {
        using var response = await _app.Client(apiKey: null).GetAsync($"/api/v1/alerts?api_key={SecOpsApp.BootstrapKey}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
