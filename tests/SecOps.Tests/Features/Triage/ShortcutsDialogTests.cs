using System.Text.RegularExpressions;
using SecOps.IntegrationTests.Shippers;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Triage;

/// <summary>Help lists only keys that work (issue #14, defect 9): each is bound in the browser and handled by the board.</summary>
public sealed partial class ShortcutsDialogTests
{
    private static readonly IReadOnlyList<string> HelpKeys = ShortcutsDialog.Shortcuts.SelectMany(s => s.Keys).ToList();

    [GeneratedRegex("""const shortcuts = new Set\(\[(?<keys>[^\]]*)\]\)""")]
    private static partial Regex BoundKeys();

    [GeneratedRegex("""case "(?<key>[^"]+)"(?: when [^:]+)?:""")]
    private static partial Regex HandledKeys();

    private static string Source(params string[] path) => File.ReadAllText(RepositoryFiles.PathOf(Path.Combine(path)));

    [Fact]
    public void EveryKeyInHelp_IsBoundInBoardJs_AndNothingElseIs()
    {
        var script = Source("wwwroot", "js", "board.js");
        var bound = Regex.Matches(BoundKeys().Match(script).Groups["keys"].Value, "\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();

        // "/" focuses the search in the browser itself, before the set is consulted.
        Assert.Contains("e.key === \"/\"", script);
        Assert.Equal(HelpKeys.Where(k => k != "/").Order(), bound.Order());
    }

    [Fact]
    public void EveryKeyBound_IsHandledByTheBoard()
    {
        var handled = HandledKeys().Matches(Source("src", "SecOps.Web", "Features", "Triage", "TriageBoardPage.Actions.cs"))
            .Select(m => m.Groups["key"].Value).ToHashSet();

        Assert.All(HelpKeys.Where(k => k != "/"), key => Assert.Contains(key, handled));
        Assert.Equal(HelpKeys.Where(k => k != "/").Order(), handled.Order());
    }

    [Fact]
    public void Help_OffersEscalation_OnE()
    {
        Assert.Contains("e", HelpKeys);
        Assert.Contains(ShortcutsDialog.Shortcuts, s => s.Keys.SequenceEqual(["e"]) && s.What.Contains("escalat", StringComparison.OrdinalIgnoreCase));
    }
}
