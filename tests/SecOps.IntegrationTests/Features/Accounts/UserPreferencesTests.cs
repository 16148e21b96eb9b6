using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Triage.Views;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>Per-person settings in the real store: the board's columns (field columns included) and the time zone.</summary>
public sealed class UserPreferencesTests : IDisposable
{
    private readonly SecOpsApp _app = new();

    public void Dispose() => _app.Dispose();

    private static Actor Analyst(string id) => new(id, id, PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    [Fact]
    public async Task FieldColumns_ArePersistedPerUser_AndUnknownKeysAreDropped()
    {
        var views = _app.Get<BoardViews>();

        await views.SaveColumnsAsync(Analyst("ana"), ["sla", "destination.ip", "@timestamp", "raw.<script>", "destination.ip"], CancellationToken.None);
        await views.SaveColumnsAsync(Analyst("bob"), ["event.action"], CancellationToken.None);

        Assert.Equal(["@timestamp", "destination.ip", "sla"], (await views.ColumnsAsync(Analyst("ana"), CancellationToken.None))!.Order(StringComparer.Ordinal));
        Assert.Equal(["event.action"], (await views.ColumnsAsync(Analyst("bob"), CancellationToken.None))!);
    }

    [Fact]
    public async Task TimeZone_IsUtcUntilChosen_ThenThePersonsOwn()
    {
        var preferences = _app.Get<UserPreferences>();

        Assert.Equal(TimeZoneInfo.Utc, await preferences.TimeZoneAsync(Analyst("ana"), CancellationToken.None));
        await preferences.SaveTimeZoneAsync(Analyst("ana"), "America/New_York", CancellationToken.None);
        await preferences.SaveTimeZoneAsync(Analyst("ana"), "Europe/Berlin", CancellationToken.None);

        Assert.Equal("Europe/Berlin", (await preferences.TimeZoneAsync(Analyst("ana"), CancellationToken.None)).Id);
        Assert.Equal(TimeZoneInfo.Utc, await preferences.TimeZoneAsync(Analyst("bob"), CancellationToken.None));
    }

    [Fact]
    public async Task TimeZone_ThatIsNotAZone_IsRefused_AndAStoredUnknownOneReadsAsUtc()
    {
        var preferences = _app.Get<UserPreferences>();

        await Assert.ThrowsAsync<ArgumentException>(() => preferences.SaveTimeZoneAsync(Analyst("ana"), "Mars/Olympus_Mons", CancellationToken.None));
        await preferences.SetAsync(Analyst("ana"), UserPreferences.TimeZoneKey, "../../etc/passwd", CancellationToken.None);

        Assert.Equal(TimeZoneInfo.Utc, await preferences.TimeZoneAsync(Analyst("ana"), CancellationToken.None));
    }

    [Fact]
    public async Task ApiKeysAndAnonymous_HaveNoSettingsToSave()
    {
        var preferences = _app.Get<UserPreferences>();
        var key = new Actor(Actor.ApiKeyIdPrefix + "1", "key", PermissionTable.ForScope("read").ToHashSet());

        await Assert.ThrowsAsync<InvalidOperationException>(() => preferences.SaveTimeZoneAsync(key, "Europe/Berlin", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => preferences.SaveTimeZoneAsync(Actor.Anonymous, "Europe/Berlin", CancellationToken.None));
        Assert.Equal(TimeZoneInfo.Utc, await preferences.TimeZoneAsync(key, CancellationToken.None));
    }
}
