using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Features.AuditEvents;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;

namespace SecOps.IntegrationTests.Features.Ingest.Elastic;

/// <summary>
/// <c>create</c> on the Elasticsearch-compatible bulk endpoint when two requests race for one id: the conflict is decided
/// under the store's write lock, so exactly one wins (201), the other gets 409, and the stored document is the winner's.
/// </summary>
public sealed class ElasticCompatibleCreateRaceTests : IDisposable
{
    private const int Rounds = 25;

    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Create(string index, string id, JsonObject document) =>
        new JsonObject { ["create"] = new JsonObject { ["_index"] = index, ["_id"] = id } }.ToJsonString() + "\n" + document.ToJsonString() + "\n";

    private static async Task<JsonElement> PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await client.PostAsync("/api/v1/elastic/_bulk", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items")[0].GetProperty("create").Clone();
    }

    /// <summary>Posts both bodies at once, from two clients; returns which one got 201 (0 or 1) after checking the other got 409.</summary>
    private async Task<int> RaceAsync(string id, string first, string second)
    {
        using var a = _app.Client();
        using var b = _app.Client();
        var answers = await Task.WhenAll(PostAsync(a, first), PostAsync(b, second));
        var statuses = answers.Select(i => i.GetProperty("status").GetInt32()).ToList();
        Assert.Equal([201, 409], statuses.Order());
        var loser = answers[statuses.IndexOf(409)];
        Assert.Equal("version_conflict_engine_exception", loser.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(id, loser.GetProperty("_id").GetString());
        return statuses.IndexOf(201);
    }

    [Fact]
    public async Task TwoRacingCreatesOfOneAlertId_OneGets201AndTheOther409_AndTheStoredAlertIsTheWinners()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = $"race-{round}";
            string[] rules = [$"First {round}", $"Second {round}"];

            var winner = await RaceAsync(id,
                Create("alerts-x", id, Documents.Alert(rule: rules[0], host: "first-host")),
                Create("alerts-x", id, Documents.Alert(rule: rules[1], host: "second-host")));

            await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
            var stored = await db.Alerts.AsNoTracking().SingleAsync(a => a.DocumentId == id);
            Assert.Equal((rules[winner], winner == 0 ? "first-host" : "second-host"), (stored.RuleName, stored.HostName));
            Assert.Contains(rules[winner], stored.RawDocument, StringComparison.Ordinal);
            // The loser changed nothing: one feed entry (the create) and no update.
            Assert.Equal(1, await db.ChangeFeed.CountAsync(e => e.EntityId == stored.Id));
        }
    }

    [Fact]
    public async Task TwoRacingCreatesOfOneAuditEventId_OneGets201AndTheOther409_AndTheStoredEventIsTheWinners()
    {
        var at = DateTimeOffset.UtcNow;
        for (var round = 0; round < Rounds; round++)
        {
            var id = $"audit-race-{round}";
            string[] users = [$"first-{round}", $"second-{round}"];

            var winner = await RaceAsync(id,
                Create("audit-2024.05", id, AuditEventEndpointsTests.Event(null, at, user: users[0])),
                Create("audit-2024.05", id, AuditEventEndpointsTests.Event(null, at, user: users[1])));

            await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
            var stored = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.DocumentId == id);
            Assert.Equal(users[winner], stored.UserName);
            Assert.Contains(users[winner], stored.RawDocument, StringComparison.Ordinal);
        }
    }
}
