using SecOps.Web.Features.Automation;

namespace SecOps.Tests.Features.Automation;

public sealed class EmailNotificationTests
{
    [Fact]
    public void Html_EncodesEveryValue()
    {
        var notification = new Notification("<script>x</script>", [new NotificationField("Reason", "<img src=x onerror=alert(1)> & \"q\" [l](http://e)")]);

        var html = EmailNotification.Html(notification);

        Assert.Equal("<!DOCTYPE html><html><body><h2>&lt;script&gt;x&lt;/script&gt;</h2><table><tr><th align=\"left\">Reason</th>"
            + "<td>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; [l](http://e)</td></tr></table></body></html>", html);
    }

    [Fact]
    public void Message_HasOneSubjectLine_AndBothParts()
    {
        var notification = new Notification("Alert: x Bcc: victim@example.test", [new NotificationField("Rule", "r")]);

        using var message = EmailNotification.Message(notification, "secops@example.test", ["soc@example.test"]);

        Assert.Equal("Alert: x Bcc: victim@example.test", message.Subject);
        Assert.Empty(message.Bcc);
        Assert.Equal("Alert: x Bcc: victim@example.test\n\nRule: r\n", message.TextBody);
        Assert.Contains("<td>r</td>", message.HtmlBody);
    }
}
