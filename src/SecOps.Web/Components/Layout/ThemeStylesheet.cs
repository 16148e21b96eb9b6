using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Net.Http.Headers;
using MudBlazor;

namespace SecOps.Web.Components.Layout;

/// <summary>
/// The theme's CSS once per process instead of a MudThemeProvider (its CSS text, JS interop and render buffers) in
/// every circuit. At start-up MudBlazor's own MudThemeProvider is rendered to HTML, light and dark, and the text of its
/// style elements becomes one stylesheet served from <see cref="Path"/>: everything light on <c>:root</c>, and the dark
/// values that differ under <c>html.secops-dark</c>, the class js/theme-init.js and js/layout.js set in the browser.
/// </summary>
public sealed partial class ThemeStylesheet(IServiceScopeFactory scopes, ILoggerFactory loggers) : IHostedService
{
    public const string Path = "/css/theme.css";
    public const string DarkClass = "secops-dark";

    private Stylesheet? _stylesheet;

    private sealed record Stylesheet(byte[] Bytes, string Version, EntityTagHeaderValue ETag);

    private Stylesheet Current => _stylesheet ?? throw new InvalidOperationException("The theme stylesheet is built when the app starts.");

    /// <summary>The stylesheet's address with a version taken from its content, so the browser may keep it for good.</summary>
    public string Href => $"{Path.TrimStart('/')}?v={Current.Version}";

    public string Css => Encoding.UTF8.GetString(Current.Bytes);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var css = await BuildAsync(scope.ServiceProvider, loggers, SecOpsTheme.Theme);
        var bytes = Encoding.UTF8.GetBytes(css);
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        _stylesheet = new Stylesheet(bytes, version, new EntityTagHeaderValue($"\"{version}\""));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Answers a request for the stylesheet: cached for good when the request names the current version, otherwise
    /// revalidated with the ETag (304 when unchanged).
    /// </summary>
    public IResult Serve(HttpContext context)
    {
        var stylesheet = Current;
        context.Response.Headers.CacheControl = context.Request.Query["v"] == stylesheet.Version
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        return Results.Bytes(stylesheet.Bytes, "text/css; charset=utf-8", entityTag: stylesheet.ETag);
    }

    /// <summary>MudThemeProvider's CSS for <paramref name="theme"/>: light on :root, dark differences under html.secops-dark.</summary>
    public static async Task<string> BuildAsync(IServiceProvider services, ILoggerFactory loggers, MudTheme theme)
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        var light = await RenderAsync(renderer, theme, dark: false);
        var dark = await RenderAsync(renderer, theme, dark: true);
        return Combine(light, dark);
    }

    private static Task<string> RenderAsync(HtmlRenderer renderer, MudTheme theme, bool dark) =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            });
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
            return output.ToHtmlString();
        });

    /// <summary>
    /// Joins the style text of the light and the dark rendering. Only the :root variables may differ between the two;
    /// anything else that differs would be lost, so it stops the start instead.
    /// </summary>
    internal static string Combine(string lightHtml, string darkHtml)
    {
        var light = StyleText(lightHtml);
        var dark = StyleText(darkHtml);
        var lightRoot = RootBlock().Match(light);
        var darkRoot = RootBlock().Match(dark);
        if (!lightRoot.Success || !darkRoot.Success)
        {
            throw new InvalidOperationException("MudThemeProvider rendered no :root block of theme variables.");
        }
        if (light.Remove(lightRoot.Index, lightRoot.Length) != dark.Remove(darkRoot.Index, darkRoot.Length))
        {
            throw new InvalidOperationException("MudThemeProvider's light and dark CSS differ outside :root; the static theme stylesheet would lose the difference.");
        }
        var lightValues = Declarations(lightRoot.Groups["body"].Value).ToDictionary(d => d.Name, d => d.Value);
        var css = new StringBuilder();
        css.Append("/* MudBlazor's theme variables for SecOpsTheme, made by MudThemeProvider at start-up. */\n");
        css.Append(light.Trim()).Append("\n\nhtml.").Append(DarkClass).Append("{\n");
        foreach (var (name, value) in Declarations(darkRoot.Groups["body"].Value))
        {
            if (!lightValues.TryGetValue(name, out var lightValue) || lightValue != value)
            {
                css.Append(name).Append(": ").Append(value).Append(";\n");
            }
        }
        return css.Append("}\n").ToString();
    }

    private static string StyleText(string html)
    {
        var blocks = StyleElement().Matches(html).Select(m => m.Groups["css"].Value.Trim()).ToList();
        if (blocks.Count == 0)
        {
            throw new InvalidOperationException("MudThemeProvider rendered no style element.");
        }
        return string.Join("\n\n", blocks);
    }

    private static IEnumerable<(string Name, string Value)> Declarations(string block) =>
        block.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(d => d.Length == 2)
            .Select(d => (d[0], d[1]));

    [GeneratedRegex(@"<style[^>]*>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@":root\s*\{(?<body>[^}]*)\}")]
    private static partial Regex RootBlock();
}
