using System.Text;
using System.Text.Json;

namespace SecOps.Web.Features.Automation;

/// <summary>
/// A notification as a chat message (Slack-compatible incoming webhook JSON, which Mattermost and Rocket.Chat accept):
/// every value is made inert for chat markup. <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> become entities (Slack's own
/// escaping, which also defuses its <c>&lt;!here&gt;</c>, <c>&lt;!channel&gt;</c>, <c>&lt;!everyone&gt;</c>, <c>&lt;@user&gt;</c>
/// and <c>&lt;url|text&gt;</c> forms, and shows as the characters in CommonMark chats); Markdown punctuation is
/// backslash-escaped, so <c>[text](url)</c>, emphasis and code do nothing and bare URLs do not become links (<c>http\://</c>); and every <c>@</c> is followed by a zero-width
/// space so <c>@here</c>, <c>@channel</c>, <c>@everyone</c>, <c>@all</c> and personal mentions notify nobody.
/// </summary>
public static class ChatNotification
{
    private const string MarkdownPunctuation = "\\`*_[]()~|!:";

    public static byte[] Payload(Notification notification)
    {
        var text = new StringBuilder();
        text.Append('*').Append(Escape(notification.Headline)).Append('*');
        foreach (var field in notification.Fields)
        {
            text.Append('\n').Append(Escape(field.Label)).Append(": ").Append(Escape(field.Value));
        }
        return JsonSerializer.SerializeToUtf8Bytes(new { text = text.ToString() });
    }

    /// <summary>One value made inert for chat markup (see the class summary).</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&':
                    text.Append("&amp;");
                    break;
                case '<':
                    text.Append("&lt;");
                    break;
                case '>':
                    text.Append("&gt;");
                    break;
                case '@':
                    text.Append("@\u200B");
                    break;
                case '\r' or '\n':
                    text.Append(' ');
                    break;
                default:
                    if (MarkdownPunctuation.Contains(c))
                    {
                        text.Append('\\');
                    }
                    text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }
}
