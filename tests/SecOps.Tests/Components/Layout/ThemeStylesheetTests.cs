using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using SecOps.Tests.Support;
using SecOps.Web.Components.Layout;

namespace SecOps.Tests.Components.Layout;

public sealed class ThemeStylesheetTests : ComponentTest
{
    private Task<string> BuildAsync() => ThemeStylesheet.BuildAsync(Services, NullLoggerFactory.Instance, SecOpsTheme.Theme);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stylesheet_SetsEveryVariableMudThemeProviderSetsInThatMode(bool dark)
    {
        var css = await BuildAsync();
        var provider = Render<MudThemeProvider>(p => p.Add(t => t.Theme, SecOpsTheme.Theme).Add(t => t.IsDarkMode, dark));

        var applied = Variables(Block(css, ":root"));
        if (dark)
        {
            foreach (var (name, value) in Variables(Block(css, "html." + ThemeStylesheet.DarkClass)))
            {
                applied[name] = value;
            }
        }

        var expected = Variables(Block(provider.Markup, ":root"));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(v => v.Key), applied.OrderBy(v => v.Key));
    }

    [Fact]
    public async Task DarkBlock_HoldsTheDarkPaletteAndOnlyWhatDiffersFromLight()
    {
        var css = await BuildAsync();
        var light = Variables(Block(css, ":root"));
        var dark = Variables(Block(css, "html." + ThemeStylesheet.DarkClass));

        Assert.Equal(Rgb(SecOpsTheme.Theme.PaletteLight.Primary), light["--mud-palette-primary-rgb"]);
        Assert.Equal(Rgb(SecOpsTheme.Theme.PaletteDark.Primary), dark["--mud-palette-primary-rgb"]);
        Assert.Equal(Rgb(SecOpsTheme.Theme.PaletteDark.Surface), dark["--mud-palette-surface-rgb"]);
        Assert.Equal("dark", dark["--mud-native-html-color-scheme"]);
        Assert.All(dark, v => Assert.NotEqual(light[v.Key], v.Value));
        Assert.DoesNotContain(dark.Keys, k => k.StartsWith("--mud-typography", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stylesheet_IsPlainCssWithTheProvidersOtherRules()
    {
        var css = await BuildAsync();

        Assert.DoesNotContain("<style", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#", css);
        Assert.Contains("::-webkit-scrollbar", css);
        Assert.Contains("'Segoe UI'", css);
    }

    [Fact]
    public void Combine_WhenTheModesDifferOutsideRoot_RefusesToStart()
    {
        const string light = "<style>body{color:black}</style><style>:root{--a: 1;}</style>";
        const string dark = "<style>body{color:white}</style><style>:root{--a: 2;}</style>";

        Assert.Throws<InvalidOperationException>(() => ThemeStylesheet.Combine(light, dark));
    }

    [Fact]
    public void Combine_WithoutRootVariables_RefusesToStart()
    {
        Assert.Throws<InvalidOperationException>(() => ThemeStylesheet.Combine("<style>body{}</style>", "<style>body{}</style>"));
    }

    private static string Rgb(MudBlazor.Utilities.MudColor colour) => $"{colour.R},{colour.G},{colour.B}";

    private static string Block(string css, string selector)
    {
        var match = Regex.Match(css, Regex.Escape(selector) + @"\s*\{(?<body>[^}]*)\}");
        Assert.True(match.Success, $"no {selector} block");
        return match.Groups["body"].Value;
    }

    private static Dictionary<string, string> Variables(string block) =>
        block.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(':', 2, StringSplitOptions.TrimEntries))
            .Where(d => d.Length == 2 && d[0].StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(d => d[0], d => d[1]);
}
