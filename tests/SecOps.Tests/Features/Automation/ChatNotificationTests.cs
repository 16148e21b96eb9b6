using System.Text.Json;
using SecOps.Web.Features.Automation;

namespace SecOps.Tests.Features.Automation;

public sealed class ChatNotificationTests
{
    [Theory]
    [InlineData("@here", "@\u200Bhere")]
    [InlineData("@channel @everyone @all", "@\u200Bchannel @\u200Beveryone @\u200Ball")]
    [InlineData("<!everyone> <!here|here> <@U123>", "&lt;\\!everyone&gt; &lt;\\!here\\|here&gt; &lt;@\u200BU123&gt;")]
    [InlineData("[click](https://evil.example)", "\\[click\\]\\(https\\://evil.example\\)")]
    [InlineData("<https://evil.example|Open>", "&lt;https\\://evil.example\\|Open&gt;")]
    [InlineData("**bold** _it_ `code` ~~x~~ ![i](x)", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~ \\!\\[i\\]\\(x\\)")]
    [InlineData("a & b \\ c", "a &amp; b \\\\ c")]
    [InlineData("two\nlines", "two lines")]
    [InlineData("host-1.example.test 10.0.0.1", "host-1.example.test 10.0.0.1")]
    public void Escape_MakesMarkupAndMentionsInert(string value, string expected) =>
        Assert.Equal(expected, ChatNotification.Escape(value));

    [Fact]
    public void Payload_IsSlackCompatibleJson_WithEveryFieldEscaped()
    {
        var notification = new Notification("[SecOps] high alert: <b>@here</b>", [new NotificationField("Host", "[x](y)")]);

        using var json = JsonDocument.Parse(ChatNotification.Payload(notification));

        Assert.Equal("*\\[SecOps\\] high alert\\: &lt;b&gt;@\u200Bhere&lt;/b&gt;*\nHost: \\[x\\]\\(y\\)", json.RootElement.GetProperty("text").GetString());
    }
}
