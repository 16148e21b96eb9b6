using System.Globalization;
using System.Text.RegularExpressions;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Regulatory;

namespace SecOps.Web.Features.Communications;

/// <summary>
/// The three built-in notification templates, filled from an incident. Plain text with <c>{{name}}</c> placeholders,
/// replaced in one pass: an incident's title (attacker-influenced) that itself holds <c>{{dpo}}</c> or markup stays
/// exactly that text and is never filled again. What the incident cannot know (who was affected, how many) is left as
/// a bracketed line "[to complete: …]" for the responder, never guessed.
/// </summary>
public static partial class CommunicationTemplates
{
    public const string ToComplete = "[to complete: ";

    private const string AuthorityBody = """
        Personal data breach notification under Article 33 of the GDPR

        Controller: {{organisation}}
        Our reference: incident #{{id}} ({{title}})
        Type of incident: {{type}}; severity {{severity}}; status {{status}}, phase {{phase}}
        We became aware of the breach on: {{aware}}
        {{delay}}
        1. Nature of the personal data breach (Art. 33(3)(a))
        {{title}} ({{type}}). The incident links {{alerts}} and records {{observables}}.
        [to complete: what happened, when it started and how it was discovered]

        Categories and approximate number of data subjects concerned:
        [to complete: e.g. customers, employees; about how many people]
        Accounts or addresses among the incident's observables: {{people_observables}}

        Categories and approximate number of personal data records concerned:
        [to complete: e.g. contact details, credentials, payment data; about how many records]

        2. Data protection officer or other contact point (Art. 33(3)(b))
        {{dpo}}

        3. Likely consequences of the breach (Art. 33(3)(c))
        [to complete: e.g. identity theft, fraud, loss of confidentiality, distress]

        4. Measures taken or proposed (Art. 33(3)(d))
        {{measures}}
        [to complete: what was done to address the breach and to mitigate its possible adverse effects]

        Other notifications recorded on this incident: {{notifications}}

        Where all of this information is not yet available, we will provide it in phases without undue further delay (Art. 33(4)).
        """;

    private const string CustomersBody = """
        Dear customer,

        We are writing to tell you about a security incident at {{organisation}} that may involve your personal data.

        What happened
        On {{aware_date}} we found that [to complete: in plain words, what happened].

        What information was involved
        [to complete: which of your details, e.g. your name, email address, password]

        What we are doing
        {{measures}}

        What you can do
        [to complete: e.g. change your password, watch for unexpected emails or payments; we will never ask you for your password]

        Who to contact
        {{dpo}}
        Please mention reference {{reference}} when you contact us.

        {{organisation}}
        """;

    private const string InternalBody = """
        Incident #{{id}}: {{title}}
        {{tlp}}: do not share beyond the people it is meant for.

        Severity {{severity}}; status {{status}}; phase {{phase}}; type {{type}}.
        Aware since {{aware}}. Assignee: {{assignee}}. Team: {{team}}.
        Evidence so far: {{alerts}}; {{observables}}.
        Regulatory: {{regulatory}}
        Notifications recorded: {{notifications}}

        Where we are
        {{measures}}

        What we need from you
        [to complete: decisions, people or information the response needs]

        Next update: [to complete: when]
        """;

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Placeholder();

    public static IReadOnlyList<CommunicationTemplate> All { get; } = Enum.GetValues<CommunicationTemplate>();

    public static FilledTemplate Fill(CommunicationTemplate template, IncidentView incident, CommunicationOptions options, DateTimeOffset now)
    {
        var values = Values(incident, options, now);
        string Apply(string text) => Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The template names an unknown placeholder {m.Value}."));
        return template switch
        {
            CommunicationTemplate.SupervisoryAuthority => new(template, "Supervisory authority",
                Apply("Personal data breach notification: {{organisation}}, reference {{reference}}"), Apply(AuthorityBody)),
            CommunicationTemplate.AffectedCustomers => new(template, "Affected customers",
                Apply("Important: a security incident that may affect your personal data"), Apply(CustomersBody)),
            _ => new(template, "Internal stakeholders", Apply("[{{tlp}}] Incident #{{id}} update: {{title}}"), Apply(InternalBody)),
        };
    }

    private static Dictionary<string, string> Values(IncidentView i, CommunicationOptions options, DateTimeOffset now)
    {
        var byType = i.Observables.GroupBy(o => o.Type).OrderBy(g => g.Key)
            .Select(g => $"{IncidentObservables.Label(g.Key)}: {g.Count()}").ToList();
        var people = i.Observables.Count(o => o.Type is ObservableType.User or ObservableType.Email);
        var late = now - i.AwareAt > RegulatoryDeadlines.GdprWindow;
        return new()
        {
            ["organisation"] = Or(options.Organisation, "the organisation's name"),
            ["dpo"] = Or(options.DpoContact, "the data protection officer's name and contact details"),
            ["id"] = i.Id.ToString(CultureInfo.InvariantCulture),
            ["reference"] = "#" + i.Id.ToString(CultureInfo.InvariantCulture),
            ["title"] = i.Title,
            ["type"] = IncidentVocabulary.Label(i.Type),
            ["severity"] = AlertVocabulary.ToWire(i.Severity),
            ["status"] = IncidentVocabulary.Label(i.Status),
            ["phase"] = IncidentVocabulary.Label(i.Phase),
            ["tlp"] = IncidentVocabulary.Label(i.Tlp),
            ["assignee"] = i.AssigneeName ?? "nobody yet",
            ["team"] = i.TeamName ?? "none",
            ["aware"] = IncidentTime.Format(i.AwareAt),
            ["aware_date"] = i.AwareAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
            ["delay"] = late ? "This notification is made more than 72 hours after we became aware. Reasons for the delay (Art. 33(1)): [to complete]\n" : "",
            ["alerts"] = Count(i.AlertCount, "alert"),
            ["observables"] = Count(i.Observables.Count, "observable") + (byType.Count == 0 ? "" : $" ({string.Join(", ", byType)})"),
            ["people_observables"] = people.ToString(CultureInfo.InvariantCulture),
            ["regulatory"] = (i.PersonalData ? "personal data involved (GDPR Art. 33 applies)" : "no personal data recorded as involved")
                + (i.Nis2 ? "; NIS2 reporting applies" : ""),
            ["notifications"] = i.Notifications.Count == 0 ? "none"
                : string.Join("; ", i.Notifications.Select(n => $"{RegulatoryDeadlines.Label(n.Duty)} sent {IncidentTime.Format(n.SentAt)} to {n.Recipient}")),
            ["measures"] = Measures(i.Phase),
        };
    }

    /// <summary>What the phase says has been done, in plain words; the responder adds the specifics.</summary>
    private static string Measures(IncidentPhase phase) => phase switch
    {
        IncidentPhase.DetectionAndAnalysis => "We are investigating the incident and working to contain it.",
        IncidentPhase.Containment => "We have taken steps to contain the incident and stop it from spreading.",
        IncidentPhase.EradicationAndRecovery => "The incident is contained; we are removing its cause and restoring affected systems.",
        _ => "The incident has been resolved; we are reviewing it to prevent it from happening again.",
    };

    private static string Or(string configured, string missing) => string.IsNullOrWhiteSpace(configured) ? ToComplete + missing + "]" : configured.Trim();

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
