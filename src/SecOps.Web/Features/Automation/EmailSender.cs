using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Automation;

/// <summary>Sends notification email through the configured SMTP server with MailKit.</summary>
public sealed class EmailSender(IOptionsMonitor<AutomationOptions> options)
{
    public async Task SendAsync(Notification notification, IReadOnlyList<string> to, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue.Smtp;
        using var message = EmailNotification.Message(notification, smtp.From!, to);
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
