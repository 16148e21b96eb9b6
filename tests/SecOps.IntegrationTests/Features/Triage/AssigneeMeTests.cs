using System.Net;
using System.Net.Http.Json;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary><c>assignee:me</c> is the signed-in person, or the person who created the API key; a key no person created gets a 400.</summary>
public sealed class AssigneeMeTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AssigneeMe_IsTheKeysCreator_InTheStoreAndTheLiveMatcher_AndAnErrorForAKeyNoPersonCreated()
    {
        var alice = new Actor("user-alice", "alice", Enum.GetValues<Permission>().ToHashSet());
        var bob = alice with { Id = "user-bob", Name = "bob" };
        var tag = "me-" + Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(_app.Client(), [.. Enumerable.Range(0, 4).Select(i => Documents.Alert(rule: $"{tag} {i}"))]);
        var queries = _app.Get<AlertQueries>();
        var ids = (await queries.ListAsync(Actor.System, AlertQueryParser.Parse(tag).Query!, 10, null, CancellationToken.None)).Items.Select(a => a.Id).Order().ToList();
        var triage = _app.Get<AlertTriage>();
        await triage.ApplyAsync(alice, ids[0], TriageAction.Claim, null, null, CancellationToken.None);
        await triage.ApplyAsync(alice, ids[1], TriageAction.Claim, null, null, CancellationToken.None);
        await triage.ApplyAsync(bob, ids[2], TriageAction.Claim, null, null, CancellationToken.None);
        var alicesKey = (await _app.Get<ApiKeys>().CreateAsync(alice, "alice's key", ["read"], TimeSpan.FromDays(1), CancellationToken.None)).Key;

        var page = await _app.Client(alicesKey).GetFromJsonAsync<AlertReadEndpoints.AlertPage>("/api/v1/alerts?query=" + Uri.EscapeDataString($"{tag} AND assignee:me"));
        Assert.Equal([ids[0], ids[1]], page!.Items.Select(a => a.Id).Order());

        var resolved = AlertQueryPeople.Resolve(AlertQueryParser.Parse($"{tag} AND assignee:me").Query!, alice).Query!;
        var all = (await queries.ListAsync(Actor.System, AlertQueryParser.Parse(tag).Query!, 10, null, CancellationToken.None)).Items;
        Assert.Equal([ids[0], ids[1]], all.Where(a => AlertQueryMatcher.Matches(resolved, a, TimeProvider.System)).Select(a => a.Id).Order());
        var bobs = (await queries.ListAsync(bob, AlertQueryParser.Parse($"{tag} AND assignee:me").Query!, 10, null, CancellationToken.None)).Items;
        Assert.Equal([ids[2]], bobs.Select(a => a.Id));

        using var refused = await _app.Client().GetAsync("/api/v1/alerts?query=" + Uri.EscapeDataString("assignee:me"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.Content.ReadFromJsonAsync<AlertReadEndpoints.QueryErrorResponse>();
        Assert.Equal(9, error!.Position);
        Assert.Contains("API key", error.Error);
    }
}
