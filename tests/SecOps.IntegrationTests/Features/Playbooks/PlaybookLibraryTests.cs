using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Shippers;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Playbooks;
using static SecOps.IntegrationTests.Features.Incidents.IncidentEscalationTests;

namespace SecOps.IntegrationTests.Features.Playbooks;

/// <summary>The library in the store: shipped playbooks on first start, versioned imports, nothing half-imported, admins only; the schema is served.</summary>
public sealed class PlaybookLibraryTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static readonly Actor Admin = As(Roles.Admin, "root");

    private const string Custom = """
        id: custom-test
        name: Custom test playbook
        phases:
          - phase: containment
            steps:
              - id: block
                title: Block the source
                owner: responder
                sla: 1h
        """;

    [Fact]
    public async Task FirstStart_LoadsTheShippedLibrary_AsVersionOne_AndARestartAddsNothing()
    {
        var list = await _app.Get<PlaybookLibrary>().ListAsync(As(Roles.Analyst, "ana"), CancellationToken.None);

        Assert.Superset(new HashSet<string>(["phishing", "ransomware", "account-compromise", "web-application-attack", "personal-data-breach",
            "malicious-container", "ddos", "insider-misuse"]), list.Select(p => p.Key).ToHashSet());
        Assert.All(list, p => Assert.Equal(1, p.LatestVersion));

        await _app.Get<ShippedPlaybooks>().StartAsync(CancellationToken.None);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(list.Count, await db.PlaybookVersions.CountAsync());
    }

    [Fact]
    public async Task ImportingAChangedDefinition_AddsAVersion_AnUnchangedOneDoesNot_AndOldVersionsStayReadable()
    {
        var library = _app.Get<PlaybookLibrary>();

        var first = await library.ImportAsync(Admin, Custom, CancellationToken.None);
        var same = await library.ImportAsync(Admin, Custom.Replace("name: Custom test playbook", "name: Custom test playbook\nversion: 7"), CancellationToken.None);
        var changed = await library.ImportAsync(Admin, Custom.Replace("sla: 1h", "sla: 2h"), CancellationToken.None);

        Assert.Equal((1, ImportChange.Added), (first.Playbooks[0].Version, first.Playbooks[0].Change));
        Assert.Equal((1, ImportChange.Unchanged), (same.Playbooks[0].Version, same.Playbooks[0].Change));
        Assert.Equal((2, ImportChange.NewVersion), (changed.Playbooks[0].Version, changed.Playbooks[0].Change));
        var v1 = await library.GetAsync(Admin, "custom-test", 1, CancellationToken.None);
        var latest = await library.GetAsync(Admin, "custom-test", null, CancellationToken.None);
        Assert.Equal(TimeSpan.FromHours(1), v1!.Definition.Steps.Single().Sla);
        Assert.Equal((2, TimeSpan.FromHours(2)), (latest!.Version, latest.Definition.Steps.Single().Sla));
        Assert.Equal([2, 1], (await library.VersionsAsync(Admin, "custom-test", CancellationToken.None)).Select(v => v.Version));
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.Action == "playbook.import" && r.Target == "playbook:custom-test" && r.Outcome == AuditOutcome.Success));
    }

    [Fact]
    public async Task FileWithAnInvalidPlaybook_ImportsNothing_NotEvenItsValidOnes()
    {
        var file = Custom + "\n---\n" + Custom.Replace("custom-test", "second-test").Replace("owner: responder", "owner: intern");

        var outcome = await _app.Get<PlaybookLibrary>().ImportAsync(Admin, file, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(18, Assert.Single(outcome.Errors).Line);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Playbooks.AnyAsync(p => p.Key == "custom-test" || p.Key == "second-test"));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "playbook.import" && r.Outcome == AuditOutcome.Failed));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Responder)]
    [InlineData(Roles.Manager)]
    public async Task OnlyAdministrators_Import_OthersAreRefusedAndAudited(string role)
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookLibrary>().ImportAsync(As(role, "someone"), Custom, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Playbooks.AnyAsync(p => p.Key == "custom-test"));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "playbook.import" && r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task IncidentKeepsTheVersionItAttached_AfterTheDefinitionIsEdited()
    {
        var library = _app.Get<PlaybookLibrary>();
        await library.ImportAsync(Admin, Custom, CancellationToken.None);
        var incident = await _app.Get<IncidentEscalation>().CreateAsync(As(Roles.Analyst, "ana"), new NewIncident("Versioned"), [], CancellationToken.None);
        var responder = As(Roles.Responder, "bo");
        Assert.True((await _app.Get<PlaybookRunner>().AttachAsync(responder, incident.IncidentId, "custom-test", CancellationToken.None)).Succeeded);

        await library.ImportAsync(Admin, Custom.Replace("title: Block the source", "title: Block the source at the edge").Replace("sla: 1h", "sla: 3h"), CancellationToken.None);

        var board = await _app.Get<IncidentTasks>().BoardAsync(responder, incident.IncidentId, CancellationToken.None);
        Assert.Equal(1, Assert.Single(board.Playbooks).Version);
        var task = Assert.Single(board.Tasks);
        Assert.Equal(("Block the source", TimeSpan.FromHours(1)), (task.Title, task.Sla));
        Assert.Equal(2, (await library.GetAsync(Admin, "custom-test", null, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task EditorSave_ByAResponder_StoresANewVersion_KeepsTheOldOne_AndIsAudited()
    {
        var library = _app.Get<PlaybookLibrary>();
        var responder = As(Roles.Responder, "bo");
        var created = await library.SaveAsync(responder, null, Custom, CancellationToken.None);
        var unchanged = await library.SaveAsync(responder, "custom-test", Custom, CancellationToken.None);

        var edited = await library.SaveAsync(responder, "custom-test", Custom.Replace("sla: 1h", "sla: 45m"), CancellationToken.None);

        Assert.Equal((1, ImportChange.Added), (created.Playbooks[0].Version, created.Playbooks[0].Change));
        Assert.Equal((1, ImportChange.Unchanged), (unchanged.Playbooks[0].Version, unchanged.Playbooks[0].Change));
        Assert.Equal((2, ImportChange.NewVersion), (edited.Playbooks[0].Version, edited.Playbooks[0].Change));
        Assert.Equal(TimeSpan.FromHours(1), (await library.GetAsync(responder, "custom-test", 1, CancellationToken.None))!.Definition.Steps.Single().Sla);
        Assert.Equal(TimeSpan.FromMinutes(45), (await library.GetAsync(responder, "custom-test", 2, CancellationToken.None))!.Definition.Steps.Single().Sla);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(["Added v1", "NewVersion v2"], await db.AuditRecords
            .Where(r => r.Action == "playbook.edit" && r.Target == "playbook:custom-test" && r.ActorId == "bo" && r.Outcome == AuditOutcome.Success)
            .OrderBy(r => r.Id).Select(r => r.Details).ToListAsync());
    }

    [Fact]
    public async Task EditorSave_RefusesAnotherId_ATakenId_AndInvalidText_StoringNothing()
    {
        var library = _app.Get<PlaybookLibrary>();
        var responder = As(Roles.Responder, "bo");

        var renamed = await library.SaveAsync(responder, "phishing", Custom, CancellationToken.None);
        var taken = await library.SaveAsync(responder, null, Custom.Replace("custom-test", "phishing"), CancellationToken.None);
        var invalid = await library.SaveAsync(responder, null, Custom.Replace("owner: responder", "owner: intern"), CancellationToken.None);

        Assert.Equal((1, "The id stays 'phishing' while editing this playbook; to start another one, use New playbook."), (Assert.Single(renamed.Errors).Line, renamed.Errors[0].Message));
        Assert.Equal((1, "A playbook with the id 'phishing' exists; edit it, or choose another id."), (Assert.Single(taken.Errors).Line, taken.Errors[0].Message));
        Assert.Equal(8, Assert.Single(invalid.Errors).Line);
        Assert.Equal(1, (await library.GetAsync(responder, "phishing", null, CancellationToken.None))!.Version);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Playbooks.AnyAsync(p => p.Key == "custom-test"));
        Assert.Equal(3, await db.AuditRecords.CountAsync(r => r.Action == "playbook.edit" && r.Outcome == AuditOutcome.Failed));
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Manager)]
    public async Task EditorSave_ByAnAnalystOrManager_IsRefusedAndAudited(string role)
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<PlaybookLibrary>().SaveAsync(As(role, "someone"), "phishing", Custom, CancellationToken.None));

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "playbook.edit" && r.ActorId == "someone" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task Schema_IsServedAsAStaticFile_AndIsTheRepositorysFile()
    {
        var response = await _app.Client().GetAsync("/playbooks/schema.json");

        response.EnsureSuccessStatusCode();
        var served = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"title\": \"SecOps response playbook\"", served);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "wwwroot", "playbooks", "schema.json")), served);
    }
}
