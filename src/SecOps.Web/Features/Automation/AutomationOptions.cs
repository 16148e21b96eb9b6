using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// Automation rules (<c>SecOps:Automation:Rules</c>) and the mail server notifications go through
/// (<c>SecOps:Automation:Smtp</c>). Chat webhook URLs and the SMTP password are secrets: set them from the environment.
/// </summary>
public sealed class AutomationOptions
{
    public const string SectionName = "SecOps:Automation";

    public List<AutomationRule> Rules { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Why the options are unusable, or null (rule lists are not reached by data annotations).</summary>
    public string? Problem()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Name) || !names.Add(rule.Name))
            {
                return "Each automation rule needs a name of its own.";
            }
            if (rule.AutomationProblem() is { } problem)
            {
                return $"Automation rule '{rule.Name}': {problem}";
            }
            if (rule.EmailTo.Count > 0 && (string.IsNullOrWhiteSpace(Smtp.Host) || string.IsNullOrWhiteSpace(Smtp.From)))
            {
                return $"Automation rule '{rule.Name}' sends email, so SecOps:Automation:Smtp needs Host and From.";
            }
        }
        return null;
    }
}

/// <summary>What an automation rule watches.</summary>
public enum AutomationSubject
{
    Alert = 0,
    Incident = 1,
}

/// <summary>
/// One rule: conditions (all given ones must hold; a list matches when any item does) and actions. Patterns use
/// <c>*</c> as a wildcard and ignore case. Fires at most <see cref="MaxFirings"/> times per <see cref="Per"/>.
/// </summary>
public sealed class AutomationRule
{
    public const int NameLength = 200;

    /// <summary>
    /// The longest rate-limit window: the limit counts the stored firings within it, so the retention purge keeps
    /// firings at least this long whatever its period.
    /// </summary>
    public static readonly TimeSpan LongestPer = TimeSpan.FromDays(7);

    public string Name { get; set; } = "";

    public AutomationSubject On { get; set; } = AutomationSubject.Alert;

    /// <summary>low, medium, high, critical.</summary>
    public List<string> Severities { get; set; } = [];

    /// <summary>Alert rule names (alerts only).</summary>
    public List<string> RuleNames { get; set; } = [];

    /// <summary>An alert's host, user, source or destination address (alerts only).</summary>
    public List<string> Entities { get; set; } = [];

    /// <summary>Incident types by their wire names, e.g. <c>fraud</c>, <c>malicious-code</c> (incidents only).</summary>
    public List<string> IncidentTypes { get; set; } = [];

    /// <summary>Assign the alert to this person (user name or email; someone whose role may triage), or to <c>on-call:TEAM</c>: whoever the rota has on duty.</summary>
    public string? AssignTo { get; set; }

    /// <summary>Escalate the alert into a new incident and attach this playbook (for an incident: attach it).</summary>
    public string? EscalateWithPlaybook { get; set; }

    public List<string> EmailTo { get; set; } = [];

    /// <summary>A chat incoming webhook (Slack-compatible <c>{"text": …}</c>), sent through the outbound allowlist.</summary>
    public string? ChatWebhook { get; set; }

    [Range(1, 10_000)]
    public int MaxFirings { get; set; } = 20;

    public TimeSpan Per { get; set; } = TimeSpan.FromHours(1);

    internal string? AutomationProblem()
    {
        if (AssignTo is null && EscalateWithPlaybook is null && EmailTo.Count == 0 && ChatWebhook is null)
        {
            return "it has no action (AssignTo, EscalateWithPlaybook, EmailTo, ChatWebhook).";
        }
        if (MaxFirings < 1 || Per <= TimeSpan.Zero)
        {
            return "MaxFirings and Per must be positive.";
        }
        if (Per > LongestPer)
        {
            return "Per is at most 7 days.";
        }
        if (ChatWebhook is not null && (!Uri.TryCreate(ChatWebhook, UriKind.Absolute, out var chat) || chat.Scheme is not ("https" or "http")))
        {
            return "ChatWebhook is an http or https URL.";
        }
        return null;
    }
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto = 0,
    None = 1,
    StartTls = 2,
    SslOnConnect = 3,
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? From { get; set; }

    public string? UserName { get; set; }

    /// <summary>From the environment (<c>SecOps__Automation__Smtp__Password</c>), never appsettings.</summary>
    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
