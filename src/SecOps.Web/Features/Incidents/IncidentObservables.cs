using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Ingest;

namespace SecOps.Web.Features.Incidents;

/// <summary>An observable someone adds (by hand, or chosen from alerts' entities on escalation).</summary>
public sealed record NewObservable(ObservableType Type, string? Value, bool Ioc = false);

/// <summary>
/// Observables on incidents: cleaned (<see cref="DisplayText.CleanUserText"/>) and put in one form per type (addresses
/// canonical, domains, emails and hashes lower case), so each type and value is on an incident once; adding one that
/// is there already only raises its IOC flag. Through the store writer, audited, need-to-know and permission-checked.
/// </summary>
public sealed class IncidentObservables(StoreWriter writer, AccessGuard access, AuditTrail audit)
{
    public const int ValueLength = 2048;
    public const int MaxAtOnce = 500;

    public sealed record Cleaned(IReadOnlyList<NewObservable> Items, string? Error);

    /// <summary>Adds observables by hand (responders); the outcome counts those that were new.</summary>
    public async Task<EditOutcome> AddAsync(Actor actor, long incidentId, IReadOnlyList<NewObservable> observables, CancellationToken cancellationToken)
    {
        var target = IncidentEscalation.Target(incidentId);
        await access.RequireAsync(actor, Permission.IncidentsWrite, "incident.observables", target, cancellationToken);
        var cleaned = Clean(observables);
        if (cleaned.Error is not null || cleaned.Items.Count == 0)
        {
            return new(false, cleaned.Error ?? "Give a value.");
        }
        var added = 0;
        var outcome = await writer.WriteAsync(async (db, changes, ct) =>
        {
            var incident = await db.Incidents.Visible(db, actor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
            if (incident is null)
            {
                return new EditOutcome(false, EditOutcome.MissingIncident);
            }
            added = await AddMissingAsync(db, incidentId, cleaned.Items, actor, changes.Now, ct);
            incident.UpdatedAt = changes.Now;
            incident.Version++;
            changes.AddIncident(incidentId);
            return new EditOutcome(true, null, IncidentView.From(incident));
        }, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.AppendAsync(actor, "incident.observables", target, $"{cleaned.Items.Count} given, {added} new", AuditOutcome.Success, cancellationToken);
        }
        return outcome;
    }

    /// <summary>Cleans and normalises observables and drops repeats; an invalid one refuses the lot (null or empty: none).</summary>
    public static Cleaned Clean(IReadOnlyList<NewObservable>? observables)
    {
        if (observables is null || observables.Count == 0)
        {
            return new([], null);
        }
        if (observables.Count > MaxAtOnce)
        {
            return new([], $"At most {MaxAtOnce} observables at once.");
        }
        var result = new Dictionary<(ObservableType, string), NewObservable>();
        foreach (var o in observables)
        {
            if (!Enum.IsDefined(o.Type))
            {
                return new([], "Unknown observable type.");
            }
            var value = Normalise(o.Type, o.Value);
            if (value is null)
            {
                return new([], $"Not a valid {Label(o.Type)} value: {DisplayText.CleanUserText(o.Value, 80)}");
            }
            var key = (o.Type, value);
            result[key] = new NewObservable(o.Type, value, o.Ioc || (result.TryGetValue(key, out var seen) && seen.Ioc));
        }
        return new([.. result.Values], null);
    }

    /// <summary>The value in its one form, or null when it is not a valid value of that type.</summary>
    public static string? Normalise(ObservableType type, string? raw)
    {
        var value = DisplayText.CleanUserText((raw ?? "").Replace('\r', ' ').Replace('\n', ' ').Trim(), ValueLength);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return type switch
        {
            ObservableType.Ip => IPAddress.TryParse(value, out var ip) && (value.Contains('.') || value.Contains(':')) ? ip.ToString() : null,
            ObservableType.Domain => value.TrimEnd('.').ToLowerInvariant() is var d && d.Length > 0 && d.Contains('.')
                && d.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? d : null,
            ObservableType.Url => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp" ? value : null,
            ObservableType.Hash => value.Length is 32 or 40 or 64 or 128 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null,
            ObservableType.Email => value.IndexOf('@') is var at && at > 0 && at < value.Length - 1 && !value.Contains(' ') ? value.ToLowerInvariant() : null,
            ObservableType.User => value,
            _ => null,
        };
    }

    public static string Label(ObservableType type) => type switch
    {
        ObservableType.Ip => "IP address",
        ObservableType.Domain => "Domain",
        ObservableType.Url => "URL",
        ObservableType.Hash => "Hash",
        ObservableType.User => "User",
        ObservableType.Email => "Email address",
        _ => type.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    /// <summary>Adds the cleaned observables the incident does not have yet (an IOC flag given now is raised on one it has); returns how many were new.</summary>
    internal static async Task<int> AddMissingAsync(SecOpsDbContext db, long incidentId, IReadOnlyList<NewObservable> items, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return 0;
        }
        var existing = await db.IncidentObservables.Where(o => o.IncidentId == incidentId).ToListAsync(ct);
        return Add(db, incidentId, existing, items, actor, now);
    }

    internal static int Add(SecOpsDbContext db, long incidentId, IReadOnlyList<IncidentObservable> existing, IReadOnlyList<NewObservable> items, Actor actor, DateTimeOffset now)
    {
        var added = 0;
        foreach (var item in items)
        {
            var known = existing.FirstOrDefault(o => o.Type == item.Type && o.Value == item.Value);
            if (known is not null)
            {
                if (item.Ioc && !known.Ioc)
                {
                    known.Ioc = true;
                    db.Entry(known).Property(o => o.Ioc).IsModified = true;
                }
                continue;
            }
            db.IncidentObservables.Add(new IncidentObservable
            {
                IncidentId = incidentId, Type = item.Type, Value = item.Value!, Ioc = item.Ioc, AddedAt = now, AddedById = actor.Id, AddedByName = actor.Name,
            });
            added++;
        }
        if (added > 0)
        {
            db.IncidentEvents.Add(IncidentEscalation.Event(incidentId, now, IncidentEventKind.ObservablesAdded, actor,
                added == 1 ? "1 observable added" : $"{added} observables added"));
        }
        return added;
    }
}
