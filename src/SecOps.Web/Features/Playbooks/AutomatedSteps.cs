using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Queries;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.ThreatIntel;

namespace SecOps.Web.Features.Playbooks;

/// <summary>What an automated step found, and whether it ran (a step that could not run stays open for a responder).</summary>
public sealed record StepResult(bool Ran, string Text);

/// <summary>
/// Runs a playbook's automated steps for an incident's observables (IOC-flagged first, at most
/// <see cref="ThreatIntelOptions.MaxObservables"/>): <c>enrich</c> runs the one saved enrichment query
/// (<see cref="SourceQueries.EnrichAsync"/>: the observable only ever as a term value, never query text) over the 30 days
/// before the incident up to now; <c>threat-intel</c> asks the provider (<see cref="MispLookup"/>). TLP:RED incidents'
/// observables are not sent to the provider. Findings are plain text lines; values are the source's and shown as text.
/// </summary>
public sealed class AutomatedSteps(SourceQueries source, MispLookup misp, IDbContextFactory<SecOpsDbContext> contexts, IOptionsMonitor<ThreatIntelOptions> options,
    TimeProvider time)
{
    public static readonly TimeSpan EnrichmentLookBack = TimeSpan.FromDays(30);

    /// <summary>The findings are a task's note: kept well within what a note holds.</summary>
    public const int MaxTextLength = 4000;

    public async Task<StepResult> RunAsync(StepAutomation automation, Incident incident, CancellationToken cancellationToken)
    {
        List<IncidentObservable> observables;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            observables = await db.IncidentObservables.AsNoTracking().Where(o => o.IncidentId == incident.Id)
                .OrderByDescending(o => o.Ioc).ThenBy(o => o.Id).Take(Math.Clamp(options.CurrentValue.MaxObservables, 1, 100)).ToListAsync(cancellationToken);
        }
        return automation == StepAutomation.Enrich
            ? await EnrichAsync(incident, observables, cancellationToken)
            : await LookUpAsync(incident, observables, cancellationToken);
    }

    private async Task<StepResult> EnrichAsync(Incident incident, List<IncidentObservable> observables, CancellationToken cancellationToken)
    {
        if (!source.EventsConfigured)
        {
            return new(false, "Enrichment not run: no event source is configured (SecOps:Sources:Elasticsearch EventIndices).");
        }
        var indicators = observables.Select(o => (Observable: o, Kind: IndicatorKindOf(o.Type))).Where(o => o.Kind is not null).ToList();
        if (indicators.Count == 0)
        {
            return new(false, "Enrichment not run: the incident has no IP, domain, hash or user observables.");
        }
        var (from, to) = (incident.CreatedAt - EnrichmentLookBack, time.GetUtcNow());
        var lines = new List<string>();
        var answered = 0;
        foreach (var (observable, kind) in indicators)
        {
            var (request, error) = EnrichmentRequest.Create(kind, observable.Value, from, to, top: 3, latest: 0);
            if (request is null)
            {
                lines.Add($"{kind} {observable.Value}: not enriched ({error})");
                continue;
            }
            try
            {
                var result = await source.EnrichAsync(PlaybookWebhooks.Automation, request, cancellationToken);
                answered++;
                lines.Add(result.Total == 0
                    ? $"{kind} {observable.Value}: no events in the {EnrichmentLookBack.TotalDays:0} days before the incident up to now"
                    : $"{kind} {observable.Value}: {result.Total.ToString("N0", CultureInfo.InvariantCulture)} events, first {Time(result.FirstSeen)}, last {Time(result.LastSeen)}"
                      + Top("hosts", result.TopHosts) + Top("users", result.TopUsers) + (result.Warnings.Count > 0 ? " (some shards failed: figures may be short)" : ""));
            }
            catch (Exception e) when (e is HttpRequestException or Elasticsearch.ElasticsearchException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lines.Add($"{kind} {observable.Value}: the event source did not answer");
            }
        }
        return new(answered > 0, Join("Enrichment from the event source", lines));
    }

    private async Task<StepResult> LookUpAsync(Incident incident, List<IncidentObservable> observables, CancellationToken cancellationToken)
    {
        if (!misp.Configured)
        {
            return new(false, "Threat-intelligence lookup not run: no provider is configured (SecOps:ThreatIntel:Misp).");
        }
        if (incident.Tlp == Tlp.Red)
        {
            return new(false, "Threat-intelligence lookup not run: TLP:RED incidents' observables are not sent out.");
        }
        if (observables.Count == 0)
        {
            return new(false, "Threat-intelligence lookup not run: the incident has no observables.");
        }
        var lines = new List<string>();
        var answered = 0;
        foreach (var observable in observables)
        {
            var answer = await misp.LookUpAsync(observable.Value, cancellationToken);
            if (!answer.Answered)
            {
                lines.Add($"{Wire(observable.Type)} {observable.Value}: no answer ({answer.Error})");
                continue;
            }
            answered++;
            lines.Add(answer.Hits.Count == 0
                ? $"{Wire(observable.Type)} {observable.Value}: no hits"
                : $"{Wire(observable.Type)} {observable.Value}: {answer.Hits.Count} hit{(answer.Hits.Count == 1 ? "" : "s")}"
                  + (answer.Hits.Any(h => h.ToIds) ? ", marked for detection" : "") + " — "
                  + string.Join("; ", answer.Hits.Select(h => $"{(h.EventInfo is { } info ? "\"" + info + "\"" : "an event")} ({h.Category}, {h.Type})").Distinct().Take(5)));
        }
        return new(answered > 0, Join("Threat intelligence from " + misp.Provider, lines));
    }

    private static string? IndicatorKindOf(ObservableType type) => type switch
    {
        ObservableType.Ip => "ip",
        ObservableType.Domain => "domain",
        ObservableType.Hash => "hash",
        ObservableType.User => "user",
        _ => null,
    };

    private static string Wire(ObservableType type) => IncidentDocument.Wire(type);

    private static string Time(DateTimeOffset? at) => at is { } t ? IncidentTime.Format(t) : "unknown";

    private static string Top(string what, TopValues top) =>
        top.Values.Count == 0 ? "" : $"; {what} " + string.Join(", ", top.Values.Select(v => $"{v.Value} ({v.Count.ToString(CultureInfo.InvariantCulture)})"));

    private static string Join(string heading, List<string> lines)
    {
        var text = new StringBuilder(heading).Append(':');
        foreach (var line in lines)
        {
            if (text.Length + line.Length + 3 > MaxTextLength)
            {
                text.Append("\n- …");
                break;
            }
            text.Append("\n- ").Append(line);
        }
        return text.ToString();
    }
}
