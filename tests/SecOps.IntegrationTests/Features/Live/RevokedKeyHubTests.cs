using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Live;

/// <summary>
/// PRODUCT.md: "Revoking a key closes its open hub connections." At once when revoked through this instance; within the
/// key-check interval when the key stops being valid elsewhere (revoked by another instance sharing the store, or expired);
/// other keys' connections stay open, and the revoked key cannot connect again.
/// </summary>
public sealed class RevokedKeyHubTests : IDisposable
{
    private static readonly Actor Admin = new("admin-1", "Ada", PermissionTable.ForRole(Roles.Admin).ToHashSet());
    private readonly SecOpsApp _app = new(new Dictionary<string, string?> { ["SecOps:Live:KeyCheckInterval"] = "00:00:00.200" });

    public void Dispose() => _app.Dispose();

    private async Task<ApiKeys.Issued> KeyAsync(string name) =>
        await _app.Get<ApiKeys>().CreateAsync(Admin, name, [PermissionTable.ScopeRead], TimeSpan.FromDays(1), CancellationToken.None);

    private async Task<(HubConnection Connection, TaskCompletionSource Closed)> ConnectAsync(string key)
    {
        var connection = _app.Hub(key);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        await connection.InvokeAsync("Resume", 0L);
        return (connection, closed);
    }

    [Fact]
    public async Task RevokingAKey_ClosesItsConnections_AndOnlyThose_AndItCannotConnectAgain()
    {
        var revoked = await KeyAsync("feed reader");
        var kept = await KeyAsync("another reader");
        var (first, firstClosed) = await ConnectAsync(revoked.Key);
        var (second, secondClosed) = await ConnectAsync(revoked.Key);
        var (other, otherClosed) = await ConnectAsync(kept.Key);
        await using (first)
        await using (second)
        await using (other)
        {
            Assert.True(await _app.Get<ApiKeys>().RevokeAsync(Admin, revoked.Id, CancellationToken.None));

            await firstClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await secondClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal((HubConnectionState.Disconnected, HubConnectionState.Disconnected, HubConnectionState.Connected), (first.State, second.State, other.State));
            Assert.False(otherClosed.Task.IsCompleted);
            await other.InvokeAsync("Resume", 0L);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => _app.Hub(revoked.Key).StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task AKeyRevokedInTheStoreByAnotherInstance_ClosesItsConnectionsAtTheNextKeyCheck()
    {
        var key = await KeyAsync("feed reader");
        var (connection, closed) = await ConnectAsync(key.Key);
        await using (connection)
        {
            // As another instance sharing the store would: the row changes, this instance is not told.
            await using (var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync())
            {
                await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow));
            }

            await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HubConnectionState.Disconnected, connection.State);
        }
    }
}
