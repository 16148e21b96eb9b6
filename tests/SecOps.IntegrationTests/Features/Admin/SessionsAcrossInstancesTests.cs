using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Features.ScaleOut;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;

namespace SecOps.IntegrationTests.Features.Admin;

/// <summary>
/// Two instances on one store and one Redis: the users page on either counts the open pages of both, and ending a
/// person's sessions on one ends them on the other.
/// </summary>
[Trait("Store", TestStore.PostgresOnly)]
public sealed class SessionsAcrossInstancesTests
{
    // Short renewals, so that an instance's counts nobody renews run out within the test.
    private static readonly Dictionary<string, string?> Renewal = new() { ["SecOps:ScaleOut:PresenceInterval"] = "00:00:00.300" };

    private static async Task<int> OpenSessionsAsync(SecOpsApp app, Actor admin, string userId) =>
        (await app.Get<AdminUsers>().ListAsync(admin, CancellationToken.None)).Single(u => u.Id == userId).OpenSessions;

    [RedisFact]
    public async Task OpenPagesOnBothInstances_AreCountedOnEither_AndAStoppedInstancesPagesStopCounting()
    {
        await using var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration, settingsA: Renewal, settingsB: Renewal);
        var (ada, _) = await AdminPeople.CreateAsync(pair.A, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(pair.A, "Ron", Roles.Analyst);

        // What OpenCircuitTracker does when a page's circuit connects: one page of Ron's on A, two on B.
        pair.A.Get<OpenCircuits>().Add(ron.Id);
        pair.B.Get<OpenCircuits>().Add(ron.Id);
        pair.B.Get<OpenCircuits>().Add(ron.Id);

        await Eventually.HoldsAsync(async () => await OpenSessionsAsync(pair.A, ada, ron.Id) == 3, () => "three open pages counted on A");
        await Eventually.HoldsAsync(async () => await OpenSessionsAsync(pair.B, ada, ron.Id) == 3, () => "three open pages counted on B");

        pair.B.Get<OpenCircuits>().Remove(ron.Id);

        await Eventually.HoldsAsync(async () => await OpenSessionsAsync(pair.A, ada, ron.Id) == 2, () => "a page closed on B, counted on A");

        await pair.B.DisposeAsync(); // disposing again with the pair does nothing

        await Eventually.HoldsAsync(async () => await OpenSessionsAsync(pair.A, ada, ron.Id) == 1, () => "B stopped: only A's page counted");
    }

    [RedisFact]
    public async Task EndingSessionsOnOneInstance_EndsThemOnTheOther()
    {
        await using var pair = await ScaleOutPair.StartAsync(TestRedis.Configuration, settingsA: Renewal, settingsB: Renewal);
        var (ada, _) = await AdminPeople.CreateAsync(pair.A, "Ada", Roles.Admin);
        var (ron, _) = await AdminPeople.CreateAsync(pair.A, "Ron", Roles.Analyst);
        ClaimsPrincipal onB;
        await using (var scope = pair.B.Services.CreateAsyncScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<SecOpsUser>>();
            onB = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(ron.Id))!);
        }
        Assert.True(await pair.B.Get<SessionValidation>().IsCurrentAsync(onB, CancellationToken.None));

        var ended = await pair.A.Get<AdminUsers>().EndSessionsAsync(ada, ron.Id, CancellationToken.None);

        Assert.Equal(AdminOutcome.Applied, ended.Outcome);
        Assert.False(await pair.B.Get<SessionValidation>().IsCurrentAsync(onB, CancellationToken.None));
    }
}
