using System.Text;
using System.Text.Encodings.Web;
using MimeKit;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// A notification as an email: a plain-text part and an HTML part in which every value is HTML-encoded (so markup in an
/// alert is shown, never interpreted). The subject is one line (MimeKit encodes the header), so nothing can add headers.
/// </summary>
public static class EmailNotification
{
    public static MimeMessage Message(Notification notification, string from, IEnumerable<string> to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }
        message.Subject = notification.Headline;
        var body = new BodyBuilder { TextBody = Text(notification), HtmlBody = Html(notification) };
        message.Body = body.ToMessageBody();
        return message;
    }

    public static string Text(Notification notification)
    {
        var text = new StringBuilder(notification.Headline).Append("\n\n");
        foreach (var field in notification.Fields)
        {
            text.Append(field.Label).Append(": ").Append(field.Value).Append('\n');
        }
        return text.ToString();
    }

    public static string Html(Notification notification)
    {
        var html = HtmlEncoder.Default;
        var text = new StringBuilder("<!DOCTYPE html><html><body><h2>").Append(html.Encode(notification.Headline)).Append("</h2><table>");
        foreach (var field in notification.Fields)
        {
            text.Append("<tr><th align=\"left\">").Append(html.Encode(field.Label)).Append("</th><td>").Append(html.Encode(field.Value)).Append("</td></tr>");
        }
        return text.Append("</table></body></html>").ToString();
    }
}
