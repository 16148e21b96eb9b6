using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SecOps.IntegrationTests.Support;
using SecOps.IntegrationTests.Shippers;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;

namespace SecOps.IntegrationTests.Features.Ingest.Elastic;

/// <summary>How the compatible endpoint authenticates shippers and refuses them: as Elasticsearch does, so shippers report it.</summary>
/// <remarks>
/// The cases share one app (each sends its own document ids and keys), so each checks its own documents in the store.
/// </remarks>
public sealed class ElasticCompatibleSecurityTests(ElasticCompatibleSecurityTests.Shared shared) : IClassFixture<ElasticCompatibleSecurityTests.Shared>
{
    public sealed class Shared : IDisposable
    {
        public SecOpsApp App { get; } = new();

        public void Dispose() => App.Dispose();
    }

    private readonly SecOpsApp _app = shared.App;

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private static StringContent BulkBody(string id) => new(
        "{\"create\":{\"_index\":\"logs-ssh.alerts-default\",\"_id\":\"" + id + "\"}}\n" + Documents.Alert(id).ToJsonString() + "\n",
        Encoding.UTF8, "application/x-ndjson");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private Task<List<AlertView>> ShippersRead() => ShippedAlerts.ReadAsync(_app);

    [Fact]
    public async Task BasicAuth_WithAnApiKeyAsPassword_IsAcceptedOnTheCompatibleEndpointOnly()
    {
        var key = await _app.CreateApiKeyAsync(PermissionTable.ScopeIngest, PermissionTable.ScopeRead);
        var client = _app.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = Basic("any-user-name", key);

        using var root = await client.GetAsync("/api/v1/elastic/");
        using var bulk = await client.PostAsync("/api/v1/elastic/_bulk", BulkBody("basic-1"));
        using var read = await client.GetAsync("/api/v1/alerts");
        using var ingest = await client.PostAsync("/api/v1/alerts", new StringContent(Documents.Alert("basic-2").ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal(201, (await JsonOf(bulk)).GetProperty("items")[0].GetProperty("create").GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ingest.StatusCode);
        var shipped = (await ShippersRead()).Select(a => a.DocumentId).ToList();
        Assert.Contains("basic-1", shipped);
        Assert.DoesNotContain("basic-2", shipped);
    }

    [Fact]
    public async Task MissingCredentials_Answer401WithElasticsearchsSecurityException()
    {
        using var response = await _app.Client(apiKey: null).PostAsync("/api/v1/elastic/_bulk", BulkBody("anonymous-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("ApiKey", challenges);
        // Basic is accepted but never asked for, so browsers do not prompt for (and then replay) credentials.
        Assert.DoesNotContain("Basic", challenges);
        var body = await JsonOf(response);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        var error = body.GetProperty("error");
        Assert.Equal("security_exception", error.GetProperty("type").GetString());
        Assert.Equal("missing authentication credentials for REST request [/_bulk]", error.GetProperty("reason").GetString());
        Assert.Equal("security_exception", error.GetProperty("root_cause")[0].GetProperty("type").GetString());
        Assert.Contains(error.GetProperty("header").GetProperty("WWW-Authenticate").EnumerateArray(), v => v.GetString() == "ApiKey");
        Assert.DoesNotContain(await ShippersRead(), a => a.DocumentId == "anonymous-1");
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("Basic")]
    public async Task UnknownKey_Answers401WithElasticsearchsSecurityException(string scheme)
    {
        var client = _app.Client(apiKey: null);
        client.DefaultRequestHeaders.Authorization = scheme == "Basic"
            ? Basic("secops", "soc_not-a-key-of-this-installation-0123456789")
            : new AuthenticationHeaderValue("ApiKey", "soc_not-a-key-of-this-installation-0123456789");

        using var response = await client.PostAsync("/api/v1/elastic/_bulk", BulkBody("unknown-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await JsonOf(response)).GetProperty("error");
        Assert.Equal("security_exception", error.GetProperty("type").GetString());
        Assert.StartsWith("unable to authenticate", error.GetProperty("reason").GetString());
        Assert.DoesNotContain(await ShippersRead(), a => a.DocumentId == "unknown-1");
    }

    [Fact]
    public async Task KeyWithoutIngestScope_Answers403WithElasticsearchsSecurityExceptionNamingTheAction()
    {
        var readOnly = await _app.CreateApiKeyAsync(PermissionTable.ScopeRead);

        using var response = await _app.Client(readOnly).PostAsync("/api/v1/elastic/_bulk", BulkBody("forbidden-1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        var body = await JsonOf(response);
        Assert.Equal(403, body.GetProperty("status").GetInt32());
        Assert.Equal("security_exception", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("indices:data/write/bulk", body.GetProperty("error").GetProperty("reason").GetString());
        Assert.DoesNotContain(await ShippersRead(), a => a.DocumentId == "forbidden-1");
    }

    [Fact]
    public async Task OtherApiEndpoints_KeepTheirOwnRefusals()
    {
        using var response = await _app.Client(apiKey: null).GetAsync("/api/v1/alerts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Elastic-Product"));
        Assert.DoesNotContain("security_exception", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task License_AnswersAnActiveBasicLicenseLikeElasticsearch()
    {
        using var response = await _app.Client().GetAsync("/api/v1/elastic/_license");
        using var again = await _app.Client().GetAsync("/api/v1/elastic/_license");
        using var anonymous = await _app.Client(apiKey: null).GetAsync("/api/v1/elastic/_license");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Elasticsearch", response.Headers.GetValues("X-Elastic-Product").Single());
        var license = (await JsonOf(response)).GetProperty("license");
        Assert.Equal("active", license.GetProperty("status").GetString());
        Assert.Equal("basic", license.GetProperty("type").GetString());
        Assert.True(Guid.TryParse(license.GetProperty("uid").GetString(), out _));
        Assert.Equal(DateTimeOffset.Parse(license.GetProperty("issue_date").GetString()!).ToUnixTimeMilliseconds(), license.GetProperty("issue_date_in_millis").GetInt64());
        Assert.Equal("elasticsearch", license.GetProperty("issuer").GetString());
        Assert.Equal(license.GetProperty("uid").GetString(), (await JsonOf(again)).GetProperty("license").GetProperty("uid").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
