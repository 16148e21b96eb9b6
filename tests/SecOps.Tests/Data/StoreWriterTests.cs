using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecOps.Tests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Live;

namespace SecOps.Tests.Data;

/// <summary>The store writer on a real (in-memory) SQLite store: what it commits, numbers and publishes.</summary>
public sealed class StoreWriterTests : IDisposable
{
    private readonly AwaitableLog<LiveFeed> _feedLog = new();
    private readonly SqliteStore _store;
    private readonly ServiceProvider _services;

    public StoreWriterTests()
    {
        var services = new ServiceCollection();
        _store = new SqliteStore(services);
        services.AddSingleton(new LiveFeed(_feedLog));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FeedReader>();
        services.AddSingleton<StoreWriter>();
        _services = services.BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
    }

    private StoreWriter Writer => _services.GetRequiredService<StoreWriter>();

    private LiveFeed Feed => _services.GetRequiredService<LiveFeed>();

    private static Alert NewAlert(string documentId) => new()
    {
        DocumentId = documentId,
        AlertTime = DateTimeOffset.UtcNow,
        EventTime = DateTimeOffset.UtcNow,
        IngestedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        RuleName = "Writer test",
    };

    private async Task<SecOpsDbContext> ReadAsync() =>
        await _services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task WriteAsync_WhenSubscribersThrow_CommitsReturnsAndServesTheOtherSubscribers()
    {
        _store.Add(NewAlert("old-1"), NewAlert("old-2"));
        var served = new List<string>();
        using var broken = Feed.Subscribe(_ => throw new InvalidOperationException("broken screen"));
        using var changes = Feed.Subscribe(batch => served.AddRange(batch.Select(c => $"{c.Seq}:{c.Alert.DocumentId}")));
        using var brokenBulk = Feed.SubscribeBulk(_ => throw new InvalidOperationException("broken bulk screen"));
        using var bulk = Feed.SubscribeBulk(notice => served.Add($"bulk {notice.SeqFrom}-{notice.SeqTo}"));

        var result = await Writer.WriteAsync(async (db, set, ct) =>
        {
            var alert = NewAlert("new-1");
            db.Alerts.Add(alert);
            set.Add(ChangeKind.AlertCreated, alert);
            set.AddBulk(ChangeKind.AlertTriaged, await db.Alerts.Where(a => a.DocumentId.StartsWith("old-")).Select(a => a.Id).ToListAsync(ct));
            return "committed";
        }, CancellationToken.None);

        Assert.Equal("committed", result);
        Assert.Equal(["1:new-1", "bulk 2-3"], served);
        await using var db = await ReadAsync();
        Assert.Equal(["new-1", "old-1", "old-2"], await db.Alerts.OrderBy(a => a.DocumentId).Select(a => a.DocumentId).ToListAsync());
        Assert.Equal([1L, 2L, 3L], await db.ChangeFeed.OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync());
        Assert.Equal(3, Feed.Head);
        Assert.Equal(["broken screen", "broken bulk screen"], _feedLog.Entries.Select(e => e.Exception!.Message));
        Assert.All(_feedLog.Entries, e => Assert.Equal(LogLevel.Error, e.Level));
    }

    [Fact]
    public async Task WriteAsync_WithSeveralBulkRangesAndSingleChanges_NumbersWritesStampsAndPublishesEachInOrder()
    {
        _store.Add(Enumerable.Range(1, 5).Select(i => NewAlert("a-" + i)).ToArray());
        var published = new List<string>();
        using var changes = Feed.Subscribe(batch => published.Add("changes " + string.Join(',', batch.Select(c => $"{c.Seq}:{c.Alert.DocumentId}"))));
        using var bulk = Feed.SubscribeBulk(notice => published.Add($"bulk {notice.SeqFrom}-{notice.SeqTo} x{notice.Count}"));

        var notices = await Writer.WriteAsync(async (db, set, ct) =>
        {
            var ids = await db.Alerts.OrderBy(a => a.DocumentId).Select(a => a.Id).ToListAsync(ct);
            var first = set.AddBulk(ChangeKind.AlertTriaged, [ids[0], ids[1]]);
            var third = await db.Alerts.SingleAsync(a => a.Id == ids[2], ct);
            third.Reason = "changed singly, then in a range";
            set.Add(ChangeKind.AlertUpdated, third);
            var second = set.AddBulk(ChangeKind.AlertTriaged, [ids[2], ids[3]]);
            var last = set.AddBulk(ChangeKind.AlertTriaged, [ids[4]]);
            return new[] { first!, second!, last! };
        }, CancellationToken.None);

        Assert.Equal([new BulkNotice(1, 2, 2, "AlertTriaged"), new BulkNotice(4, 5, 2, "AlertTriaged"), new BulkNotice(6, 6, 1, "AlertTriaged")], notices);
        Assert.Equal(["bulk 1-2 x2", "changes 3:a-3", "bulk 4-5 x2", "bulk 6-6 x1"], published);
        await using var db = await ReadAsync();
        var feed = await db.ChangeFeed.OrderBy(e => e.Seq).ToListAsync();
        var alerts = await db.Alerts.OrderBy(a => a.DocumentId).ToListAsync();
        var idOf = alerts.ToDictionary(a => a.Id, a => a.DocumentId);
        Assert.Equal(["1:a-1", "2:a-2", "3:a-3", "4:a-3", "5:a-4", "6:a-5"], feed.Select(e => $"{e.Seq}:{idOf[e.EntityId]}"));
        Assert.Equal([ChangeKind.AlertTriaged, ChangeKind.AlertTriaged, ChangeKind.AlertUpdated, ChangeKind.AlertTriaged, ChangeKind.AlertTriaged, ChangeKind.AlertTriaged],
            feed.Select(e => e.Kind));
        // Each alert carries its newest entry, also the one changed singly before its range.
        Assert.Equal([1L, 2L, 4L, 5L, 6L], alerts.Select(a => a.LastSeq));
        Assert.Equal("changed singly, then in a range", alerts[2].Reason);
        Assert.Equal(6, Feed.Head);
    }

    [Fact]
    public async Task AddBulk_NamingAnAlertTwiceInOneRange_IsRefusedAndNothingIsWritten()
    {
        _store.Add(NewAlert("dup-1"));

        await Assert.ThrowsAsync<ArgumentException>(() => Writer.WriteAsync(async (db, set, ct) =>
        {
            var id = await db.Alerts.Select(a => a.Id).SingleAsync(ct);
            return set.AddBulk(ChangeKind.AlertTriaged, [id, id]);
        }, CancellationToken.None));

        await using var db = await ReadAsync();
        Assert.Empty(await db.ChangeFeed.ToListAsync());
        Assert.Equal(0, Feed.Head);
    }
}
