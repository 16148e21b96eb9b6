using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Evidence;

/// <summary>
/// Evidence through the API: an incidents key uploads (multipart field <c>file</c>), a read key lists and downloads; the
/// SHA-256 is recorded and the bytes come back identical as an attachment that is never rendered; every access is in
/// the chain of custody; an oversize file is refused with nothing stored; a restricted incident's evidence answers
/// an outsider 404 like a missing incident's.
/// </summary>
public sealed class EvidenceApiTests : IAsyncLifetime
{
    private readonly SecOpsApp _app = new(new Dictionary<string, string?> { ["SecOps:Incidents:MaxEvidenceBytes"] = "2048" });
    private NeedToKnowPeople _people = default!;
    private long _incident;

    public async Task InitializeAsync()
    {
        _people = await NeedToKnowPeople.CreateAsync(_app);
        _incident = (await _app.Get<IncidentEscalation>().CreateAsync(_people.Rita, new NewIncident("Malicious macro", Restricted: true), [], CancellationToken.None)).IncidentId;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private static MultipartFormDataContent File(string field, string name, byte[] bytes, string type = "text/html")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { part, field, name } };
    }

    private async Task<JsonArray> ListAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/v1/incidents/{_incident}/evidence"))!.AsArray();

    [Fact]
    public async Task Upload_RecordsTheHash_AndADownloadGivesTheSameBytesAsAnAttachment_InTheChainOfCustody()
    {
        using var writer = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Rita, PermissionTable.ScopeIncidents));
        using var reader = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Rita));
        var bytes = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");

        using var uploaded = await writer.PostAsync($"/api/v1/incidents/{_incident}/evidence", File("file", "../../phish.html", bytes));
        var stored = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!;
        using var download = await reader.GetAsync(uploaded.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(("phish.html", bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))),
            (stored["fileName"]!.GetValue<string>(), stored["size"]!.GetValue<int>(), stored["sha256"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(("attachment", "phish.html"), (download.Content.Headers.ContentDisposition!.DispositionType, download.Content.Headers.ContentDisposition.FileName));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var listed = (await ListAsync(reader)).Single()!;
        Assert.Equal(["uploaded", "downloaded"], listed["custody"]!.AsArray().Select(c => c!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnOversizeFile_IsRefusedWithTheLimit_AndNothingIsStored_AndAMissingFieldIsExplained()
    {
        using var writer = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Rita, PermissionTable.ScopeIncidents));

        using var oversize = await writer.PostAsync($"/api/v1/incidents/{_incident}/evidence", File("file", "dump.bin", new byte[2049], "application/octet-stream"));
        using var wrongField = await writer.PostAsync($"/api/v1/incidents/{_incident}/evidence", File("upload", "a.txt", [1, 2, 3]));

        Assert.Equal(HttpStatusCode.BadRequest, oversize.StatusCode);
        Assert.Equal("The file is larger than the 2 KB limit for evidence; nothing was stored.", JsonNode.Parse(await oversize.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal("Send the file as multipart/form-data in a field named 'file'.", JsonNode.Parse(await wrongField.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Empty(await ListAsync(writer));
    }

    [Fact]
    public async Task ARestrictedIncidentsEvidence_AnswersAnOutsider404_LikeAMissingIncidents()
    {
        var id = await _app.Get<Web.Features.Evidence.IncidentEvidence>().UploadAsync(_people.Rita, _incident, "note.txt", 4, new MemoryStream([1, 2, 3, 4]), CancellationToken.None);
        using var ottoWriter = _app.Client(await NeedToKnowPeople.KeyForAsync(_app, _people.Otto, PermissionTable.ScopeIncidents));
        using var ottoReader = _app.Client(await NeedToKnowPeople.ReadKeyForAsync(_app, _people.Otto));

        foreach (var incident in new[] { _incident, _incident + 1000 })
        {
            using var list = await ottoReader.GetAsync($"/api/v1/incidents/{incident}/evidence");
            using var download = await ottoReader.GetAsync($"/api/v1/incidents/{incident}/evidence/{id.EvidenceId}");
            using var upload = await ottoWriter.PostAsync($"/api/v1/incidents/{incident}/evidence", File("file", "x.txt", [1]));
            Assert.All(new[] { list, download, upload }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        }
        var custody = (await _app.Get<Web.Features.Evidence.IncidentEvidence>().ListAsync(_people.Rita, _incident, CancellationToken.None)).Single().Custody;
        Assert.Equal([Web.Features.Evidence.CustodyAction.Uploaded], custody.Select(c => c.Action));
    }
}
