using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Presence;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;
using SecOps.Web.Features.Triage.Views;

namespace SecOps.Tests.Features.Triage;

/// <summary>The board over a real in-memory store and the real live feed: pivots, and reconciling with the feed.</summary>
public sealed class TriageBoardPageTests : ComponentTest
{
    private readonly SqliteStore _store;
    private readonly AwaitableLog<TriageBoardPage> _log = new();
    private int _documents;

    public TriageBoardPageTests()
    {
        _store = new SqliteStore(Services);
        Services.AddSingleton<ILogger<TriageBoardPage>>(_log);
        Services.AddSingleton<FeedReader>();
        Services.AddSingleton<StoreWriter>();
        Services.AddSingleton<TriagePeople>();
        Services.AddSingleton<BoardViews>();
        Services.AddSingleton<PresenceTracker>();
        Services.AddSingleton<AlertTriage>();
        Services.AddSingleton<Suppressions>();
        Services.AddSingleton<UserPreferences>();
        Services.AddOptions<LiveOptions>();
        Services.AddOptions<KanbanOptions>();
        var auth = AddAuthorization();
        auth.SetAuthorized("analyst@example.test");
        auth.SetRoles(Roles.Analyst);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "analyst-1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    private Alert NewAlert(string rule, string host) => new()
    {
        DocumentId = $"doc-{++_documents}", RuleName = rule, HostName = host, Severity = Severity.High,
        EventTime = Time.GetUtcNow().AddMinutes(-_documents), AlertTime = Time.GetUtcNow().AddMinutes(-_documents),
        IngestedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow(), Fingerprint = $"fp-{_documents}",
    };

    /// <summary>Stores an alert through a writer whose feed is <paramref name="feed"/>: the board's own, or one it never hears.</summary>
    private Task WriteAsync(LiveFeed feed, Alert alert) =>
        ActivatorUtilities.CreateInstance<StoreWriter>(Services, feed).WriteAsync(async (db, changes, ct) =>
        {
            db.Alerts.Add(alert);
            await db.SaveChangesAsync(ct);
            return changes.Add(ChangeKind.AlertCreated, alert);
        }, CancellationToken.None);

    private IReadOnlyList<string> RuleNames(IRenderedComponent<TriageBoardPage> board) =>
        board.FindAll(".board-list .alert-rule").Select(e => e.TextContent).ToList();

    private static void Search(IRenderedComponent<TriageBoardPage> board, string text, bool submit = true)
    {
        board.Find("#board-query").Input(text);
        if (submit)
        {
            board.Find("form.board-search").Submit();
        }
    }

    private static async Task OpenDetailAsync(IRenderedComponent<TriageBoardPage> board, string rule)
    {
        var row = board.FindAll(".alert-row").Single(r => r.QuerySelector(".alert-rule")!.TextContent == rule);
        await board.InvokeAsync(() => board.FindComponent<BoardListView>().Instance.OnRowClicked(long.Parse(row.GetAttribute("data-alert-id")!)));
        await board.InvokeAsync(() => board.Instance.OnShortcut("Enter"));
        board.WaitForElement("[aria-label='Filter by Host']");
    }

    [Fact]
    public async Task Pivot_WrapsTheCurrentQueryInParentheses_SoTheTermNarrowsAllOfIt()
    {
        _store.Add(NewAlert("alpha", "web-01"), NewAlert("beta", "web-02"), NewAlert("beta", "web-01"), NewAlert("gamma", "web-01"));
        var board = Render<TriageBoardPage>();
        board.WaitForAssertion(() => Assert.Equal(4, RuleNames(board).Count));

        Search(board, "rule:alpha OR rule:beta");
        board.WaitForAssertion(() => Assert.Equal(["alpha", "beta", "beta"], RuleNames(board)));
        await OpenDetailAsync(board, "alpha");
        board.Find("[aria-label='Filter by Host']").Click();

        // Without the parentheses this would be alpha OR (beta AND host), which also keeps beta on web-02.
        board.WaitForAssertion(() => Assert.Equal("(rule:alpha OR rule:beta) AND host:\"web-01\"", board.Find("#board-query").GetAttribute("value")));
        board.WaitForAssertion(() => Assert.Equal(["alpha", "beta"], RuleNames(board)));
        Assert.Contains("q=" + Uri.EscapeDataString("(rule:alpha OR rule:beta) AND host:\"web-01\""), Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Empty(board.FindAll("#board-query-error"));
    }

    [Fact]
    public async Task Pivot_ThatCannotParse_SaysSoInTheSearch_AndLeavesTheBoardAsItWas()
    {
        _store.Add(NewAlert("alpha", "web-01"), NewAlert("beta", "web-02"));
        var board = Render<TriageBoardPage>();
        board.WaitForAssertion(() => Assert.Equal(2, RuleNames(board).Count));
        await OpenDetailAsync(board, "alpha");

        // Typed but not applied: the search holds a query that does not parse yet.
        Search(board, "severity:(high", submit: false);
        board.Find("[aria-label='Filter by Host']").Click();

        var error = board.WaitForElement("#board-query-error");
        Assert.StartsWith("Cannot add host:\"web-01\" to this search:", error.TextContent);
        Assert.Contains("(at character", error.TextContent);
        Assert.Equal("true", board.Find("#board-query").GetAttribute("aria-invalid"));
        Assert.Equal(2, RuleNames(board).Count);
        Assert.DoesNotContain("q=", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task AlertsPurgedByRetention_LeaveTheBoard_OnTheirBulkNotice_AndTheOthersStayInPlace()
    {
        _store.Add(NewAlert("alpha", "web-01"), NewAlert("beta", "web-02"), NewAlert("gamma", "web-03"));
        var board = Render<TriageBoardPage>();
        board.WaitForAssertion(() => Assert.Equal(["alpha", "beta", "gamma"], RuleNames(board)));

        // As RetentionPurge deletes a batch: in the store writer, numbered as one bulk AlertPurged range.
        await Services.GetRequiredService<StoreWriter>().WriteAsync(async (db, changes, ct) =>
        {
            var ids = await db.Alerts.Where(a => a.RuleName != "beta").Select(a => a.Id).ToListAsync(ct);
            await db.Alerts.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);
            return changes.AddBulk(ChangeKind.AlertPurged, ids);
        }, CancellationToken.None);

        board.WaitForAssertion(() => Assert.Equal(["beta"], RuleNames(board)));
    }

    [Fact]
    public async Task ChangesTheBoardNeverHeard_AreFoundByReReadingTheFeed_WhenTheNextChangeShowsTheGap()
    {
        var feed = Services.GetRequiredService<LiveFeed>();
        var board = Render<TriageBoardPage>();
        board.WaitForElement(".board-empty");

        // Written and numbered, but published where the board does not listen (as if its frame had been lost).
        var elsewhere = new LiveFeed();
        await WriteAsync(elsewhere, NewAlert("lost on the way", "web-01"));
        // The board's feed counts it as sent, so the next writer does not publish it again before its own change
        // (as it does for what other instances committed): the frame is lost between the feed and the board.
        feed.Initialise(elsewhere.Head);
        // The next change reaches the board: its number is beyond the next one the board expects.
        await WriteAsync(feed, NewAlert("arrived", "web-02"));

        board.WaitForAssertion(() => Assert.Equal(["arrived", "lost on the way"], RuleNames(board).Order()), TimeSpan.FromSeconds(30));
        var warning = await _log.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("fell behind"));
        Assert.Contains("after 0", warning.Message);
        Assert.Equal(feed.Head, board.Instance.LastAppliedSeq);
    }
}
