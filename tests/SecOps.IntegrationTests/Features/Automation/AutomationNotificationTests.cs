using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Outbound;

namespace SecOps.IntegrationTests.Features.Automation;

/// <summary>
/// Automation rules end to end on the real app: alerts posted to the ingest API fire the rules they match; notifications
/// reach a real SMTP server and a loopback chat webhook with hostile fields encoded and inert; rules are rate-limited;
/// escalation makes an incident with the playbook; every firing is audited.
/// </summary>
public sealed class AutomationNotificationTests : IAsyncLifetime
{
    private const string HostileRule = "Exfil <script>alert(1)</script> [click](http://evil.example) @here @channel <!everyone>";
    private const string HostileReason = "<img src=x onerror=alert(1)> **bold** `code` <https://evil.example|Open> <@U123>";
    private readonly FakeResolver _dns = new();
    private SmtpReceiver _smtp = null!;
    private WebhookReceiver _chat = null!;
    private SecOpsApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = SmtpReceiver.Start();
        _chat = await WebhookReceiver.StartAsync();
        _dns.Answer("chat.test", ["127.0.0.1"]);
        var chat = $"http://chat.test:{_chat.Endpoint.Port}/hooks";
        _app = new SecOpsApp(new Dictionary<string, string?>
        {
            ["SecOps:Automation:Smtp:Host"] = "127.0.0.1",
            ["SecOps:Automation:Smtp:Port"] = _smtp.Port.ToString(),
            ["SecOps:Automation:Smtp:Security"] = "None",
            ["SecOps:Automation:Smtp:From"] = "secops@example.test",
            // Fires once an hour at most.
            ["SecOps:Automation:Rules:0:Name"] = "exfiltration",
            ["SecOps:Automation:Rules:0:Severities:0"] = "critical",
            ["SecOps:Automation:Rules:0:RuleNames:0"] = "exfil*",
            ["SecOps:Automation:Rules:0:EmailTo:0"] = "soc@example.test",
            ["SecOps:Automation:Rules:0:ChatWebhook"] = chat + "/exfiltration",
            ["SecOps:Automation:Rules:0:MaxFirings"] = "1",
            ["SecOps:Automation:Rules:0:Per"] = "01:00:00",
            // Escalates phishing seen on a mail gateway host.
            ["SecOps:Automation:Rules:1:Name"] = "phishing",
            ["SecOps:Automation:Rules:1:RuleNames:0"] = "*phish*",
            ["SecOps:Automation:Rules:1:Entities:0"] = "mx*.example.test",
            ["SecOps:Automation:Rules:1:EscalateWithPlaybook"] = "phishing",
            ["SecOps:Automation:Rules:1:ChatWebhook"] = chat + "/phishing",
            // Everything: so a test knows every earlier rule has had its turn on an alert.
            ["SecOps:Automation:Rules:2:Name"] = "all",
            ["SecOps:Automation:Rules:2:ChatWebhook"] = chat + "/all",
            ["SecOps:Automation:Rules:2:MaxFirings"] = "1000",
        }, services: s => s
            .AddSingleton<IOutboundResolver>(_dns)
            .AddSingleton(new LoopbackReceiver("chat.test", _chat.Endpoint)));
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _chat.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<long> PostAsync(string documentId, string rule, string severity, string host, string? reason = null, string? user = null)
    {
        var document = Documents.Alert(documentId, rule, severity, host);
        if (reason is not null)
        {
            document["kibana.alert.reason"] = reason;
        }
        if (user is not null)
        {
            document["user"] = new JsonObject { ["name"] = user };
        }
        await Documents.PostAsync(_app.Client(), document);
        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        return (await db.Alerts.SingleAsync(a => a.DocumentId == documentId)).Id;
    }

    private Task<IReadOnlyList<AuditRecord>> AuditOnceItHoldsAsync(Func<AuditRecord, bool> expected, string what) => AuditWaits.OnceItHoldsAsync(_app, expected, what);

    private static string ChatText(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("text").GetString()!;

    [Fact]
    public async Task AlertWithHtmlMarkdownAndMassMentions_ArrivesByEmailAndChat_EncodedAndInert()
    {
        var id = await PostAsync("hostile-1", HostileRule, "critical", "@channel", HostileReason, "<!here>");

        await _smtp.Messages.WaitUntilAsync(m => m.Count == 1, "the notification email");
        await _chat.Requests.WaitUntilAsync(r => r.Any(x => x.Path == "/hooks/exfiltration"), "the chat notification");

        var mail = Assert.Single(_smtp.Messages.Snapshot());
        Assert.Equal(["soc@example.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("[SecOps] critical alert: " + HostileRule, mail.Subject);
        Assert.Single(mail.Headers, h => h.Id == HeaderId.Subject);
        var html = mail.HtmlBody!;
        // Every tag is text: the only elements are the writer's own, and decoding gives back exactly what the alert said.
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&lt;img src", html);
        Assert.Equal(["!DOCTYPE", "html", "body", "h2", "/h2", "table", "tr", "th", "/th", "td", "/td", "/tr", "/table", "/body", "/html"],
            Regex.Matches(html, "<(/?[!A-Za-z0-9]+)").Select(m => m.Groups[1].Value).Distinct());
        var decoded = WebUtility.HtmlDecode(html);
        Assert.Contains(HostileRule, decoded);
        Assert.Contains(HostileReason, decoded);
        Assert.Contains("Rule: " + HostileRule, mail.TextBody);

        var text = ChatText(_chat.Requests.Snapshot().First(r => r.Path == "/hooks/exfiltration"));
        // Slack's control sequences and every tag are entities; Markdown links, emphasis and code are escaped;
        // every @ is followed by a zero-width space, so no mention notifies anyone.
        Assert.DoesNotContain("<", text);
        Assert.DoesNotContain(">", text);
        Assert.Contains("&lt;\\!everyone&gt;", text);
        Assert.Contains("&lt;\\!here&gt;", text);
        Assert.Contains("&lt;@\u200BU123&gt;", text, StringComparison.Ordinal);
        Assert.Contains("\\[click\\]\\(http\\://evil.example\\)", text);
        Assert.Contains("\\*\\*bold\\*\\* \\`code\\`", text);
        Assert.DoesNotContain("@here", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@channel", text, StringComparison.Ordinal);
        Assert.Contains("@\u200Bhere", text, StringComparison.Ordinal);
        Assert.Contains("Host: @\u200Bchannel", text, StringComparison.Ordinal);

        var audit = await AuditOnceItHoldsAsync(r => r.Action == "automation.fire" && r.Target == "alert:" + id && r.Outcome == AuditOutcome.Success
            && r.Details == $"rule exfiltration: email to 1: sent; chat to chat.test: 202 Accepted", "the firing");
        // The chat webhook's path (its secret) is not in the audit trail.
        Assert.DoesNotContain(audit, r => r.Details?.Contains("/hooks") == true);
    }

    [Fact]
    public async Task ARuleOverItsLimit_DoesNotFireAgain_AndTheRefusalIsAudited()
    {
        await PostAsync("exfil-1", "Exfil over DNS", "critical", "db-1");
        var second = await PostAsync("exfil-2", "Exfil over DNS", "critical", "db-2");

        // The catch-all rule comes after the limited one, so once it has fired on the second alert the limited one has had its turn.
        await _chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/all") == 2, "both alerts through every rule");

        Assert.Equal(1, _chat.Requests.Count(r => r.Path == "/hooks/exfiltration"));
        await _smtp.Messages.WaitUntilAsync(m => m.Count >= 1, "the first email");
        Assert.Single(_smtp.Messages.Snapshot());
        var audit = await AuditOnceItHoldsAsync(r => r.Action == "automation.rate-limited" && r.Target == "alert:" + second && r.Outcome == AuditOutcome.Refused,
            "the refusal");
        Assert.Single(audit, r => r.Action == "automation.fire" && r.Details!.StartsWith("rule exfiltration:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MatchingAlert_IsEscalatedIntoAnIncident_WithThePlaybookAttached()
    {
        var id = await PostAsync("phish-auto", "Suspicious phishing link clicked", "medium", "mx1.example.test");
        await PostAsync("phish-elsewhere", "Suspicious phishing link clicked", "medium", "laptop-7");

        await _chat.Requests.WaitUntilAsync(r => r.Count(x => x.Path == "/hooks/all") == 2, "both alerts through every rule");

        await using var db = await _app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.DocumentId.StartsWith("phish-")).ToDictionaryAsync(a => a.DocumentId);
        var incidentId = Assert.IsType<long>(alerts["phish-auto"].IncidentId);
        Assert.Null(alerts["phish-elsewhere"].IncidentId);
        Assert.Equal("phishing", (await db.IncidentPlaybooks.SingleAsync(p => p.IncidentId == incidentId)).PlaybookKey);
        Assert.True(await db.IncidentTasks.AnyAsync(t => t.IncidentId == incidentId));
        var audit = await AuditOnceItHoldsAsync(r => r.Action == "automation.fire" && r.Target == "alert:" + id
            && r.Details == $"rule phishing: escalated to incident {incidentId}; playbook phishing attached; chat to chat.test: 202 Accepted", "the escalation");
        Assert.Contains(audit, r => r.Action == "incident.playbook.attach" && r.ActorId == "automation");
    }
}
