namespace SecOps.BrowserTests.Features.Security;

/// <summary>
/// Hostile strings for the XSS acceptance test: each would run script, load something from a foreign host or break out
/// of its element or attribute if it reached the page as markup. Every alert and incident field gets them, so each
/// page that shows a field shows them. Foreign hosts are <c>attacker.example</c> (reserved, never resolves), so a
/// request to it is seen by the test's request listener whatever the network.
/// </summary>
public static class XssVectors
{
    public static readonly IReadOnlyList<string> All =
    [
        // Script elements and event handlers.
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>",
        "<svg><script>alert(4)</script></svg>",
        "<svg><animate onbegin=alert(5) attributeName=x dur=1s>",
        "<body onload=alert(6)>",
        "<details open ontoggle=alert(7)>",
        "<input autofocus onfocus=alert(8)>",
        "<video><source onerror=alert(9)></video>",
        "<x onmouseover=alert(10)>hover me</x>",
        "<scr<script>ipt>alert(11)</scr</script>ipt>",
        "<img src=x:alert(12) onerror=eval(src)>",
        // javascript: and data: URLs.
        "<a href=\"javascript:alert(13)\">click</a>",
        "<a href=\"jav&#x09;ascript:alert(14)\">tab-split scheme</a>",
        "<iframe src=\"javascript:alert(15)\"></iframe>",
        "<object data=\"javascript:alert(16)\"></object>",
        "<embed src=\"data:text/html,<script>alert(17)</script>\">",
        "<form action=javascript:alert(18)><button>go</button></form>",
        "<svg><a xlink:href=\"javascript:alert(19)\"><text x=20 y=20>svg link</text></a></svg>",
        "javascript:alert(20)//",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(22)\">",
        // Attribute and element breakouts.
        "\"><img src=x onerror=alert(23)>",
        "'><svg/onload=alert(24)>",
        "\" autofocus onfocus=alert(25) x=\"",
        "</textarea><script>alert(26)</script>",
        "</title><script>alert(27)</script>",
        "<!--<img src=\"--><img src=x onerror=alert(28)//\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(29)>\">",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(30)>",
        // Encoded forms.
        "&lt;img src=x onerror=alert(31)&gt;",
        "%3Cscript%3Ealert(32)%3C%2Fscript%3E",
        "\\u003cimg src=x onerror=alert(33)\\u003e",
        "\uFF1Cscript\uFF1Ealert(34)\uFF1C/script\uFF1E",
        "&#60;svg onload=alert(35)&#62;",
        // Polyglot.
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(36) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(36)//>\\x3e",
        // Template and string breakouts.
        "{{constructor.constructor('alert(37)')()}}",
        "${alert(38)}",
        "\"-alert(39)-\"",
        "@(alert(40)) <%= alert(40) %>",
        // Markdown-link forms (a note and a description are Markdown).
        "[click](javascript:alert(41))",
        "![pixel](https://attacker.example/md-image.png)",
        "<javascript:alert(43)>",
        "[ref][evil]\n\n[evil]: javascript:alert(44)",
        "[site](https://attacker.example/phish \"title\")",
        // CSS and style injection, foreign loads.
        "<div style=\"background:url(https://attacker.example/css.png)\">styled</div>",
        "<style>@import 'https://attacker.example/x.css';</style>",
        "<link rel=stylesheet href=https://attacker.example/l.css>",
        "<img src=\"https://attacker.example/track.gif\">",
        "<base href=\"https://attacker.example/\">",
    ];

    /// <summary>A vector on one line (titles, host names and other one-line fields fold line breaks into spaces).</summary>
    public static string OneLine(int i) => All[i % All.Count].Replace('\n', ' ');
}
