using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SecOps.Web.Features.Automation;

/// <summary>Sends email through the configured SMTP server with MailKit: automation's notifications and scheduled reports.</summary>
public sealed class EmailSender(IOptionsMonitor<AutomationOptions> options)
{
    /// <summary>Whether a mail server and a sender address are configured (<c>SecOps:Automation:Smtp</c>).</summary>
    public bool IsConfigured => options.CurrentValue.Smtp is { Host: { Length: > 0 }, From: { Length: > 0 } };

    /// <summary>The configured sender address, for messages built elsewhere.</summary>
    public string From => options.CurrentValue.Smtp.From ?? throw new InvalidOperationException("SecOps:Automation:Smtp:From is not set.");

    public async Task SendAsync(Notification notification, IReadOnlyList<string> to, CancellationToken cancellationToken)
    {
        using var message = EmailNotification.Message(notification, From, to);
        await SendAsync(message, cancellationToken);
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        var security = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
