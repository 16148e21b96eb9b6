using Microsoft.EntityFrameworkCore;
using SecOps.Web.Components.Shared;
using SecOps.Web.Data;
using SecOps.Web.Features.Triage.Views;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// A person's own settings (time zone; the board's columns are <see cref="BoardViews"/>'), one row per user and key in
/// the store's user settings. Only a signed-in person has settings: anonymous callers and API keys read the defaults and
/// cannot save.
/// </summary>
public sealed class UserPreferences(IDbContextFactory<SecOpsDbContext> contexts)
{
    public const string TimeZoneKey = "time.zone";
    public const int MaxValueLength = 2000;

    /// <summary>The zone the person reads times in; UTC until they choose one (or when theirs is no longer known).</summary>
    public async Task<TimeZoneInfo> TimeZoneAsync(Actor actor, CancellationToken cancellationToken) =>
        TimeZones.FindOrUtc(await GetAsync(actor, TimeZoneKey, cancellationToken));

    public async Task SaveTimeZoneAsync(Actor actor, string zoneId, CancellationToken cancellationToken)
    {
        var zone = TimeZones.Find(zoneId) ?? throw new ArgumentException($"“{zoneId}” is not a time zone this system knows.", nameof(zoneId));
        await SetAsync(actor, TimeZoneKey, TimeZones.Name(zone), cancellationToken);
    }

    public async Task<string?> GetAsync(Actor actor, string key, CancellationToken cancellationToken)
    {
        if (!HasSettings(actor))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserSettings.AsNoTracking().Where(s => s.UserId == actor.Id && s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetAsync(Actor actor, string key, string value, CancellationToken cancellationToken)
    {
        if (!HasSettings(actor))
        {
            throw new InvalidOperationException("Only a signed-in person has settings.");
        }
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"A setting holds at most {MaxValueLength} characters.", nameof(value));
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var setting = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == actor.Id && s.Key == key, cancellationToken);
        if (setting is null)
        {
            db.UserSettings.Add(new UserSetting { UserId = actor.Id, Key = key, Value = value });
        }
        else
        {
            setting.Value = value;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static bool HasSettings(Actor actor) =>
        actor != Actor.Anonymous && actor != Actor.System && !actor.Id.StartsWith(Actor.ApiKeyIdPrefix, StringComparison.Ordinal);
}
