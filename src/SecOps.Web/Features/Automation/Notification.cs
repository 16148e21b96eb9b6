using System.Globalization;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// What a notification says, as plain text: a headline and labelled fields. Values are attacker-controlled (alert fields,
/// incident titles); each channel encodes them its own way (<see cref="EmailNotification"/>, <see cref="ChatNotification"/>).
/// Control and bidi characters are already replaced here, and values are capped.
/// </summary>
public sealed record Notification(string Headline, IReadOnlyList<NotificationField> Fields)
{
    public const int ValueLength = 500;

    public static Notification For(AutomationRule rule, AlertView alert) => new(
        Clean($"[SecOps] {alert.Severity} alert: {alert.RuleName}"),
        Labelled(
            ("Rule", alert.RuleName),
            ("Severity", alert.Severity),
            ("Reason", alert.Reason),
            ("Host", alert.HostName),
            ("User", alert.UserName),
            ("Source IP", alert.SourceIp),
            ("Destination IP", alert.DestinationIp),
            ("Alert time", alert.AlertTime.ToString("u", CultureInfo.InvariantCulture)),
            ("Alert id", alert.Id.ToString(CultureInfo.InvariantCulture)),
            ("Automation rule", rule.Name)));

    public static Notification For(AutomationRule rule, IncidentView incident) => new(
        Clean($"[SecOps] {AlertVocabulary.ToWire(incident.Severity)} incident: {incident.Title}"),
        Labelled(
            ("Title", incident.Title),
            ("Severity", AlertVocabulary.ToWire(incident.Severity)),
            ("Type", PlaybookVocabulary.ToWire(incident.Type)),
            ("Incident id", incident.Id.ToString(CultureInfo.InvariantCulture)),
            ("Automation rule", rule.Name)));

    /// <summary>A notification of another feature's (an on-call page): cleaned and capped like automation's, empty fields left out.</summary>
    public static Notification Of(string headline, params (string Label, string? Value)[] fields) => new(Clean(headline), Labelled(fields));

    private static IReadOnlyList<NotificationField> Labelled(params (string Label, string? Value)[] fields) =>
        [.. fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => new NotificationField(f.Label, Clean(f.Value!)))];

    /// <summary>One line, no control or bidi characters, capped.</summary>
    private static string Clean(string text) => DisplayText.CleanUserText(text.Replace('\r', ' ').Replace('\n', ' ').Trim(), ValueLength) ?? "";
}

public sealed record NotificationField(string Label, string Value);
