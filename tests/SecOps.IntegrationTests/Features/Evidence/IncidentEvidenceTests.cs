using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.Incidents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Evidence;
using SecOps.Web.Features.Incidents;

namespace SecOps.IntegrationTests.Features.Evidence;

/// <summary>
/// Evidence files on incidents, through the service and the real download endpoint: SHA-256 recorded and verified,
/// the size limit, attachments only (an HTML or SVG upload is never rendered), the chain of custody, roles and need-to-know.
/// </summary>
public sealed class IncidentEvidenceTests : IAsyncLifetime
{
    private const long Limit = 4096;
    private readonly SecOpsApp _app = new(new Dictionary<string, string?>
    {
        ["SecOps:Incidents:MaxEvidenceBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [SignedInPerson.SignInLimit.Key] = SignedInPerson.SignInLimit.Value,
    });
    private SignedInPerson _rita = default!;
    private SignedInPerson _otto = default!;
    private long _open;
    private long _restricted;

    public async Task InitializeAsync()
    {
        _rita = await SignedInPerson.CreateAsync(_app, "rita@evidence.test", Roles.Responder);
        _otto = await SignedInPerson.CreateAsync(_app, "otto@evidence.test", Roles.Responder);
        _open = await CreateAsync(new NewIncident("Phishing wave"));
        _restricted = await CreateAsync(new NewIncident("Insider: payroll export", Restricted: true));
    }

    public Task DisposeAsync()
    {
        _rita.Dispose();
        _otto.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<long> CreateAsync(NewIncident draft)
    {
        var outcome = await _app.Get<IncidentEscalation>().CreateAsync(_rita.Actor, draft, [], CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.IncidentId;
    }

    private Task<EvidenceOutcome> UploadAsync(Actor actor, long incidentId, string name, byte[] bytes, long? declared = null) =>
        _app.Get<IncidentEvidence>().UploadAsync(actor, incidentId, name, declared ?? bytes.Length, new MemoryStream(bytes), CancellationToken.None);

    private async Task<long> UploadedAsync(long incidentId, string name, byte[] bytes)
    {
        var outcome = await UploadAsync(_rita.Actor, incidentId, name, bytes);
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.EvidenceId;
    }

    private async Task<SecOpsDbContext> DbAsync() => await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Upload_RecordsHashSizeUploaderAndName_AndTheDownloadIsTheSameBytes_WithCustodyOnTheIncidentAndItsTimeline()
    {
        var bytes = Encoding.UTF8.GetBytes("mail headers of the phishing message\n");
        var id = await UploadedAsync(_open, "headers.eml", bytes);

        await using (var db = await DbAsync())
        {
            var stored = await db.EvidenceFiles.SingleAsync();
            Assert.Equal((id, _open, "headers.eml", (long)bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), _rita.Actor.Id, "rita@evidence.test"),
                (stored.Id, stored.IncidentId, stored.FileName, stored.Size, stored.Sha256, stored.UploadedById, stored.UploadedByName));
            Assert.Equal(bytes, (await db.EvidenceBlobs.SingleAsync(b => b.EvidenceId == id)).Content);
        }

        using var response = await _rita.Browser.GetResponseAsync(EvidenceEndpoints.Path(_open, id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(("attachment", "headers.eml"), (response.Content.Headers.ContentDisposition!.DispositionType, response.Content.Headers.ContentDisposition.FileNameStar));

        var evidence = Assert.Single(await _app.Get<IncidentEvidence>().ListAsync(_rita.Actor, _open, CancellationToken.None));
        Assert.Equal([(CustodyAction.Uploaded, "rita@evidence.test"), (CustodyAction.Downloaded, "rita@evidence.test")], evidence.Custody.Select(c => (c.Action, c.Who)));
        var onTimeline = (await _app.Get<IncidentQueries>().TimelineAsync(_rita.Actor, _open, CancellationToken.None)).Where(e => e.Kind == TimelineKind.Evidence).ToList();
        Assert.Equal(["Evidence uploaded: headers.eml", "Evidence downloaded: headers.eml"], onTimeline.Select(e => e.Title[..e.Title.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.All(onTimeline, e => Assert.Equal("rita@evidence.test", e.Who));
        await using (var db = await DbAsync())
        {
            Assert.Equal(["evidence.upload", "evidence.download"], await db.AuditRecords.Where(r => r.Action.StartsWith("evidence.")).OrderBy(r => r.Id).Select(r => r.Action).ToListAsync());
        }
    }

    [Fact]
    public async Task Download_OfBytesTamperedInTheStore_IsRefused_Audited_AndInTheChainOfCustody()
    {
        var bytes = Encoding.UTF8.GetBytes("disk image excerpt");
        var id = await UploadedAsync(_open, "excerpt.bin", bytes);
        await using (var db = await DbAsync())
        {
            var blob = await db.EvidenceBlobs.SingleAsync(b => b.EvidenceId == id);
            blob.Content = Encoding.UTF8.GetBytes("disk image EXCERPT");
            await db.SaveChangesAsync();
        }

        using var response = await _rita.Browser.GetResponseAsync(EvidenceEndpoints.Path(_open, id));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("no longer matches the SHA-256", body);
        Assert.DoesNotContain("EXCERPT", body);
        Assert.Null(response.Content.Headers.ContentDisposition);
        var evidence = Assert.Single(await _app.Get<IncidentEvidence>().ListAsync(_rita.Actor, _open, CancellationToken.None));
        Assert.Equal([CustodyAction.Uploaded, CustodyAction.DownloadRefused], evidence.Custody.Select(c => c.Action));
        await using var check = await DbAsync();
        var audit = await check.AuditRecords.SingleAsync(r => r.Action == "evidence.download");
        Assert.Equal(AuditOutcome.Failed, audit.Outcome);
        Assert.Contains("do not match sha256 " + Convert.ToHexStringLower(SHA256.HashData(bytes)), audit.Details);
    }

    [Fact]
    public async Task Upload_LargerThanTheConfiguredLimit_IsRefusedWithAClearError_AndNothingIsStored()
    {
        var tooLarge = new byte[Limit + 1];
        var byStream = await UploadAsync(_rita.Actor, _open, "big.bin", tooLarge, declared: 0);
        var byDeclaredSize = await UploadAsync(_rita.Actor, _open, "big.bin", [1, 2, 3], declared: 10 * Limit);

        Assert.All(new[] { byStream, byDeclaredSize }, o =>
            Assert.Equal((false, "The file is larger than the 4 KB limit for evidence; nothing was stored."), (o.Succeeded, o.Error)));
        await using (var db = await DbAsync())
        {
            Assert.Equal((0, 0, 0), (await db.EvidenceFiles.CountAsync(), await db.EvidenceBlobs.CountAsync(), await db.EvidenceCustody.CountAsync()));
            Assert.DoesNotContain(await db.IncidentEvents.Select(e => e.Kind).ToListAsync(), k => k == IncidentEventKind.EvidenceUploaded);
        }
        var atTheLimit = await UploadAsync(_rita.Actor, _open, "fits.bin", new byte[Limit]);
        Assert.True(atTheLimit.Succeeded, atTheLimit.Error);
    }

    [Theory]
    [InlineData("page.html", "<html><body><script>document.title='pwned'</script><img src=x onerror=alert(1)></body></html>")]
    [InlineData("image.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>")]
    public async Task ActiveContentUploads_AreServedAsOctetStreamAttachments_WithNosniff_ByteForByte(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var id = await UploadedAsync(_open, name, bytes);

        using var response = await _rita.Browser.GetResponseAsync(EvidenceEndpoints.Path(_open, id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(("attachment", name), (response.Content.Headers.ContentDisposition!.DispositionType, response.Content.Headers.ContentDisposition.FileNameStar));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Contains("script-src 'self'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AHostileFileName_IsStoredWithoutPathOrLineBreaks_AndServedOnlyAsTheAttachmentsName()
    {
        var id = await UploadedAsync(_open, "..\\..\\Windows/evil\r\nX-Injected: 1.html", [1, 2, 3]);

        var evidence = Assert.Single(await _app.Get<IncidentEvidence>().ListAsync(_rita.Actor, _open, CancellationToken.None));
        Assert.Equal("evil  X-Injected: 1.html", evidence.FileName);
        using var response = await _rita.Browser.GetResponseAsync(EvidenceEndpoints.Path(_open, id));
        Assert.False(response.Headers.Contains("X-Injected"));
        Assert.Equal(("attachment", "evil  X-Injected: 1.html"), (response.Content.Headers.ContentDisposition!.DispositionType, response.Content.Headers.ContentDisposition.FileNameStar));
    }

    [Fact]
    public async Task Roles_RespondersUpload_ManagersAndAnalystsOnlyRead()
    {
        var id = await UploadedAsync(_open, "notes.txt", Encoding.UTF8.GetBytes("responder's upload"));
        var manager = new Actor("manager-1", "manager@evidence.test", PermissionTable.ForRole(Roles.Manager).ToHashSet());
        var analyst = new Actor("analyst-1", "analyst@evidence.test", PermissionTable.ForRole(Roles.Analyst).ToHashSet());
        var evidence = _app.Get<IncidentEvidence>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync(manager, _open, "m.txt", [1]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync(analyst, _open, "a.txt", [1]));
        var read = await evidence.DownloadAsync(manager, _open, id, CancellationToken.None);

        Assert.Equal(Encoding.UTF8.GetBytes("responder's upload"), read.Content);
        Assert.Equal(["notes.txt"], (await evidence.ListAsync(analyst, _open, CancellationToken.None)).Select(e => e.FileName));
        var custody = Assert.Single(await evidence.ListAsync(manager, _open, CancellationToken.None)).Custody;
        Assert.Equal([(CustodyAction.Uploaded, "rita@evidence.test"), (CustodyAction.Downloaded, "manager@evidence.test")], custody.Select(c => (c.Action, c.Who)));
    }

    [Fact]
    public async Task ARestrictedIncidentsEvidence_AnswersAnOutsider404_LikeMissingEvidence_AndLeavesNoTrace()
    {
        var id = await UploadedAsync(_restricted, "payroll.csv", Encoding.UTF8.GetBytes("name,salary"));

        using var outsider = await _otto.Browser.GetResponseAsync(EvidenceEndpoints.Path(_restricted, id));
        using var missing = await _otto.Browser.GetResponseAsync(EvidenceEndpoints.Path(_restricted, id + 1000));
        using var wrongIncident = await _otto.Browser.GetResponseAsync(EvidenceEndpoints.Path(_open, id));
        var upload = await UploadAsync(_otto.Actor, _restricted, "planted.txt", [1]);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (outsider.StatusCode, missing.StatusCode, wrongIncident.StatusCode));
        Assert.Equal(missing.Content.Headers.ContentType?.ToString(), outsider.Content.Headers.ContentType?.ToString());
        Assert.Null(outsider.Content.Headers.ContentDisposition);
        var answer = await outsider.Content.ReadAsStringAsync();
        Assert.DoesNotContain("payroll", answer);
        Assert.DoesNotContain("salary", answer);
        Assert.Equal((false, "The incident does not exist."), (upload.Succeeded, upload.Error));
        Assert.Empty(await _app.Get<IncidentEvidence>().ListAsync(_otto.Actor, _restricted, CancellationToken.None));
        var forRita = Assert.Single(await _app.Get<IncidentEvidence>().ListAsync(_rita.Actor, _restricted, CancellationToken.None));
        Assert.Equal([CustodyAction.Uploaded], forRita.Custody.Select(c => c.Action));
        using var member = await _rita.Browser.GetResponseAsync(EvidenceEndpoints.Path(_restricted, id));
        Assert.Equal("name,salary", await member.Content.ReadAsStringAsync());
    }
}
