using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Features.Admin;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Outbound;

/// <summary>
/// The outbound allowlist kept in the store (<c>/admin/outbound</c>'s services): an entry an administrator adds lets the
/// outbound client reach a host it refused before, and removing it refuses it again. The receiver is a loopback one the
/// test registers in its own services with <see cref="LoopbackReceiver.OnAllowlist"/> off, so only its address is opened
/// and its host must be allowlisted like any other. Adding waits for a second administrator; every change is audited.
/// </summary>
public sealed class OutboundHostsTests : IAsyncLifetime
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"summary":"stored allowlist"}""");
    private readonly FakeResolver _dns = new();
    private WebhookReceiver _receiver = null!;
    private SecOpsApp _app = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _dns.Answer("stored.test", ["127.0.0.1"]);
        _app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Outbound:AllowedHosts:0"] = "hooks.configured.example" }, services: s => s
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton(new LoopbackReceiver("stored.test", _receiver.Endpoint) { OnAllowlist = false }));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _receiver.DisposeAsync();
    }

    private string Entry => $"stored.test:{_receiver.Endpoint.Port}";

    private Task<OutboundResult> SendAsync() =>
        _app.Get<OutboundClient>().PostJsonAsync(new Uri($"http://stored.test:{_receiver.Endpoint.Port}/hook"), Payload, CancellationToken.None);

    private Task<List<string>> TrailAsync() =>
        AdminPeople.TrailAsync(_app, r => r.Action.StartsWith("outbound.", StringComparison.Ordinal) || r.Action.StartsWith("approval.", StringComparison.Ordinal));

    [Fact]
    public async Task AnEntryAddedInTheStore_LetsTheReceiverGetThePayload_AndOnceRemovedItIsRefusedAgain()
    {
        var (ada, adaUser) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var before = await SendAsync();
        Assert.True(before.Refused, before.Summary);
        Assert.Contains($"{Entry} is not on the outbound allowlist", before.Error);

        var added = await _app.Get<Approvals>().RequestOutboundHostAsync(ada, " Stored.TEST:" + _receiver.Endpoint.Port, CancellationToken.None);
        var sent = await SendAsync();

        Assert.Equal(AdminOutcome.AppliedWithoutSecondApproval, added.Outcome);
        Assert.Equal(202, sent.Status);
        var received = Assert.Single(_receiver.Requests.Snapshot());
        Assert.Equal(("/hook", """{"summary":"stored allowlist"}"""), (received.Path, received.Body));
        var list = await _app.Get<OutboundHosts>().ListAsync(ada, CancellationToken.None);
        Assert.Equal(["hooks.configured.example"], list.Configured);
        var stored = Assert.Single(list.Stored);
        Assert.Equal((Entry, adaUser.Email), (stored.Entry, stored.AddedBy));

        var removed = await _app.Get<OutboundHosts>().RemoveAsync(ada, stored.Id, CancellationToken.None);
        var after = await SendAsync();

        Assert.Equal(AdminOutcome.Applied, removed.Outcome);
        Assert.True(after.Refused, after.Summary);
        Assert.Single(_receiver.Requests.Snapshot());
        Assert.Empty((await _app.Get<OutboundHosts>().ListAsync(ada, CancellationToken.None)).Stored);
        Assert.Equal(
            [$"{ada.Id} approval.bypassed outbound-host:{Entry} Success", $"{ada.Id} outbound.host.add outbound-host:{Entry} Success",
             $"{ada.Id} outbound.host.remove outbound-host:{Entry} Success"],
            await TrailAsync());
        Assert.True((await _app.Get<AuditVerifier>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task AnAddition_WaitsForASecondAdministrator_AndNothingIsSentUntilTheApproval()
    {
        var (ada, adaUser) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);
        var (bea, _) = await AdminPeople.CreateAsync(_app, "Bea", Roles.Admin);

        var asked = await _app.Get<Approvals>().RequestOutboundHostAsync(ada, Entry, CancellationToken.None);

        Assert.Equal(AdminOutcome.Pending, asked.Outcome);
        Assert.True((await SendAsync()).Refused);
        var list = await _app.Get<OutboundHosts>().ListAsync(bea, CancellationToken.None);
        Assert.Empty(list.Stored);
        Assert.Equal((asked.ApprovalId!.Value, Entry, adaUser.Email), (list.Pending[0].ApprovalId, list.Pending[0].Entry, list.Pending[0].RequestedBy));
        var pending = Assert.Single(await _app.Get<Approvals>().PendingAsync(bea, CancellationToken.None));
        Assert.Equal((ApprovalKind.AllowOutboundHost, Entry), (pending.Kind, pending.TargetName));
        Assert.Equal(AdminOutcome.Refused, (await _app.Get<Approvals>().ApproveAsync(ada, asked.ApprovalId.Value, CancellationToken.None)).Outcome);
        Assert.True((await SendAsync()).Refused);
        Assert.Empty(_receiver.Requests.Snapshot());

        var approved = await _app.Get<Approvals>().ApproveAsync(bea, asked.ApprovalId.Value, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, approved.Outcome);
        Assert.Equal(202, (await SendAsync()).Status);
        Assert.Single(_receiver.Requests.Snapshot());
        Assert.Equal(
            [$"{ada.Id} approval.request outbound-host:{Entry} Success", $"{ada.Id} approval.approve approval:{asked.ApprovalId} Refused",
             $"{bea.Id} approval.approve outbound-host:{Entry} Success", $"{bea.Id} outbound.host.add outbound-host:{Entry} Success"],
            await TrailAsync());
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(bea.Id, (await db.OutboundHosts.SingleAsync()).AddedBy);
    }

    [Theory]
    [InlineData("hooks.configured.example", "is already allowlisted in the configuration")]
    [InlineData("10.0.0.5", "not an IP address")]
    [InlineData("localhost", "fully qualified")]
    [InlineData("*.com", "at least two parts")]
    public async Task EntriesThatAreNotNewHostNames_AreRefused_WithTheReason_AndNothingIsStored(string typed, string why)
    {
        var (ada, _) = await AdminPeople.CreateAsync(_app, "Ada", Roles.Admin);

        var result = await _app.Get<Approvals>().RequestOutboundHostAsync(ada, typed, CancellationToken.None);

        Assert.Equal(AdminOutcome.Failed, result.Outcome);
        Assert.Contains(why, result.Message);
        Assert.Empty(await TrailAsync());
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        Assert.False(await db.OutboundHosts.AnyAsync());
        Assert.False(await db.Approvals.AnyAsync());
    }

    [Fact]
    public async Task OtherRoles_CannotListAddOrRemove_AndEachRefusalIsAudited()
    {
        var (ron, _) = await AdminPeople.CreateAsync(_app, "Ron", Roles.Responder);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<OutboundHosts>().ListAsync(ron, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<Approvals>().RequestOutboundHostAsync(ron, Entry, CancellationToken.None));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<OutboundHosts>().RemoveAsync(ron, 1, CancellationToken.None));

        Assert.True((await SendAsync()).Refused);
        Assert.Equal(
            [$"{ron.Id} outbound.hosts  Refused", $"{ron.Id} approval.request outbound-host: Refused", $"{ron.Id} outbound.host.remove outbound-host:1 Refused"],
            await TrailAsync());
    }
}
