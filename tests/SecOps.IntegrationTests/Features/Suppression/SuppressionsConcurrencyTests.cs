using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Suppression;

namespace SecOps.IntegrationTests.Features.Suppression;

/// <summary>
/// Suppression rules created and revoked while alerts stream in: an alert ingested after a rule's create has committed is
/// suppressed by it, and one ingested after its revoke has committed is not. "Committed" is what the store shows: a poller
/// reads the rule's row, and each alert records what the poller had seen when its request started.
/// </summary>
public sealed class SuppressionsConcurrencyTests : IDisposable
{
    private const int Rounds = 4;
    private const int SamplesPerPhase = 4;
    private static readonly Actor Analyst = new("race-analyst", "Race Analyst", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    private readonly RuleCommitWidener _widener = new();
    private readonly WidenedApp _app;

    public SuppressionsConcurrencyTests() => _app = new WidenedApp(_widener);

    public void Dispose() => _app.Dispose();

    /// <summary>What the store showed of the round's rule when an alert's request started: 0 none, 1 created, 2 revoked.</summary>
    private sealed record Sample(string DocumentId, int Round, int SeenAtStart, bool RevokeCalledBeforeEnd);

    [Fact]
    public async Task RulesCreatedAndRevokedWhileAlertsArrive_SuppressEveryAlertAfterTheCreateCommit_AndNoneAfterTheRevokeCommit()
    {
        var round = 0;
        var seen = new int[Rounds];
        var revokeCalled = new bool[Rounds];
        var samples = new Arrivals<Sample>();
        using var stop = new CancellationTokenSource();
        var contexts = _app.Get<IDbContextFactory<SecOpsDbContext>>();

        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var r = Volatile.Read(ref round);
                await using var db = await contexts.CreateDbContextAsync();
                var rule = await db.SuppressionRules.AsNoTracking().FirstOrDefaultAsync(x => x.HostName == Host(r));
                Volatile.Write(ref seen[r], rule is null ? 0 : rule.RevokedAt is null ? 1 : 2);
                // Paces the sampler between reads; it synchronises nothing.
                await Task.Delay(5);
            }
        });
        var ingesters = Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            using var client = _app.Client();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var r = Volatile.Read(ref round);
                var atStart = Volatile.Read(ref seen[r]);
                var id = $"race-{worker}-{n}";
                await Documents.PostAsync(client, Documents.Alert(id, rule: "Port scan", host: Host(r)));
                samples.Add(new Sample(id, r, atStart, Volatile.Read(ref revokeCalled[r])));
            }
        })).ToList();

        var rules = new SuppressionRule[Rounds];
        var suppressions = _app.Get<Suppressions>();
        for (var r = 0; r < Rounds; r++)
        {
            Volatile.Write(ref round, r);
            await SampledAsync(samples, r, 0);
            rules[r] = await suppressions.CreateAsync(Analyst,
                new Suppressions.Draft("scanner under test", null, Host(r), null, null, TimeSpan.FromDays(1), false, null), CancellationToken.None);
            await SampledAsync(samples, r, 1);
            Volatile.Write(ref revokeCalled[r], true);
            await suppressions.RevokeAsync(Analyst, rules[r].Id, CancellationToken.None);
            await SampledAsync(samples, r, 2);
        }
        await stop.CancelAsync();
        await Task.WhenAll([poller, .. ingesters]);

        await using var store = await contexts.CreateDbContextAsync();
        var suppressedBy = await store.Alerts.AsNoTracking().ToDictionaryAsync(a => a.DocumentId, a => a.SuppressedBy);
        var whileActive = samples.Snapshot().Where(s => s.SeenAtStart == 1 && !s.RevokeCalledBeforeEnd).ToList();
        var afterRevoke = samples.Snapshot().Where(s => s.SeenAtStart == 2).ToList();
        Assert.True(_widener.Widened >= 2 * Rounds, $"every rule change was held open after its commit ({_widener.Widened})");
        Assert.True(whileActive.Count >= SamplesPerPhase * Rounds && afterRevoke.Count >= SamplesPerPhase * Rounds);
        Assert.All(whileActive, s => Assert.True(suppressedBy[s.DocumentId] == rules[s.Round].Id,
            $"{s.DocumentId}, ingested after rule {rules[s.Round].Id} was committed, is suppressed by {suppressedBy[s.DocumentId]?.ToString() ?? "nothing"}"));
        Assert.All(afterRevoke, s => Assert.True(suppressedBy[s.DocumentId] is null,
            $"{s.DocumentId}, ingested after rule {rules[s.Round].Id} was revoked, is suppressed by {suppressedBy[s.DocumentId]}"));
    }

    private static string Host(int round) => $"scanner-{round}";

    /// <summary>Waits until enough alerts of this round were ingested having seen the rule in this state.</summary>
    private static Task SampledAsync(Arrivals<Sample> samples, int round, int state) =>
        samples.WaitUntilAsync(all => all.Count(s => s.Round == round && s.SeenAtStart == state) >= SamplesPerPhase,
            $"{SamplesPerPhase} alerts of round {round} in state {state}");

    /// <summary>The app with <see cref="RuleCommitWidener"/> on every context.</summary>
    private sealed class WidenedApp(RuleCommitWidener widener) : SecOpsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => TestStore.ConfigureContexts(services,
                o => o.AddInterceptors(widener, widener.OnCommit)));
        }
    }

    /// <summary>
    /// Holds each commit that wrote a suppression rule for a moment after the commit, before the code that made it goes on:
    /// the window in which a cache of the rules could disagree with the store, made wide enough for alerts to arrive in it.
    /// It widens a window and synchronises nothing; the assertions hold or fail whatever its length.
    /// </summary>
    private sealed class RuleCommitWidener : SaveChangesInterceptor
    {
        private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(200);
        private int _widened;

        public RuleCommitWidener() => OnCommit = new CommitHook(this);

        public int Widened => Volatile.Read(ref _widened);

        public IInterceptor OnCommit { get; }

        // A save outside an explicit transaction has committed by the time it returns.
        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } db && db.Database.CurrentTransaction is null)
            {
                await HoldIfRulesAsync(db);
            }
            return result;
        }

        private async Task HoldIfRulesAsync(DbContext db)
        {
            if (db.ChangeTracker.Entries<SuppressionRule>().Any())
            {
                Interlocked.Increment(ref _widened);
                await Task.Delay(Hold);
            }
        }

        private sealed class CommitHook(RuleCommitWidener owner) : DbTransactionInterceptor
        {
            public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                if (eventData.Context is { } db)
                {
                    await owner.HoldIfRulesAsync(db);
                }
            }
        }
    }
}
