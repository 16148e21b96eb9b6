using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Playbooks;

namespace SecOps.Tests.Features.Playbooks;

/// <summary>The playbook editor: the text is checked once typing pauses, errors carry the reader's lines, the preview shows the phases and steps, saving hands over the text.</summary>
public sealed class PlaybookEditorTests : ComponentTest
{
    private const string Valid = """
        id: lost-laptop
        name: Lost laptop
        description: A company laptop is **lost** or stolen.
        triggers:
          severities: [high]
        phases:
          - phase: detection-and-analysis
            steps:
              - id: confirm-loss
                title: Confirm the loss with its owner
                owner: analyst
                sla: 30m
          - phase: containment
            steps:
              - id: wipe
                title: Wipe the device remotely
                owner: responder
                sla: 2h
                checklist: [Send the wipe command, Revoke its certificates]
                evidence: [note, file]
        """;

    private readonly List<string> _saved = [];

    private IRenderedComponent<PlaybookEditor> Editor(string yaml, string? key = null, ImportOutcome? outcome = null) =>
        Render<PlaybookEditor>(p => p
            .Add(e => e.Yaml, yaml)
            .Add(e => e.EditingKey, key)
            .Add(e => e.Save, text =>
            {
                _saved.Add(text);
                return Task.FromResult(outcome ?? new ImportOutcome([new ImportedPlaybook("lost-laptop", "Lost laptop", 2, ImportChange.NewVersion)], []));
            }));

    private static string Status(IRenderedComponent<PlaybookEditor> editor) => editor.Find(".editor-status").GetAttribute("data-state")!;

    [Fact]
    public void ValidText_PreviewsItsPhasesAndSteps_InOrder_WithOwnerSlaChecklistAndEvidence()
    {
        var editor = Editor(Valid);

        Assert.Equal("valid", Status(editor));
        Assert.Equal("Valid: Lost laptop, 2 steps.", editor.Find(".editor-status").TextContent.Trim());
        var preview = editor.Find("section[aria-label=Preview]");
        Assert.Equal(["Detection and analysis", "Containment"], preview.QuerySelectorAll("h2.playbook-phase").Select(h => h.TextContent.Trim()));
        Assert.Equal(["confirm-loss", "wipe"], preview.QuerySelectorAll("li.playbook-step").Select(s => s.GetAttribute("data-step")));
        var wipe = preview.QuerySelector("li[data-step=wipe]")!;
        Assert.Equal(["owner responder", "SLA 2 h", "evidence: Note, Evidence file"], wipe.QuerySelectorAll(".step-fact").Select(f => f.TextContent.Trim()));
        Assert.Equal(["Send the wipe command", "Revoke its certificates"], wipe.QuerySelectorAll(".playbook-checklist li").Select(l => l.TextContent));
        Assert.Equal("Triggers: severity high", preview.QuerySelector(".preview-triggers")!.TextContent.Trim());
        Assert.Equal(Enumerable.Range(1, Valid.Split('\n').Length).Select(n => n.ToString()), editor.Find(".editor-gutter").TextContent.Split('\n'));
    }

    [Fact]
    public void TypingBadYaml_IsCheckedOnlyAfterThePause_ThenListsTheErrorWithItsLine_AndKeepsTheLastValidPreviewDimmed()
    {
        var editor = Editor(Valid);

        editor.Find("textarea").Input(Valid.Replace("owner: responder", "owner: intern"));

        Assert.Equal("checking", Status(editor));
        Assert.Empty(editor.FindAll(".editor-errors li"));
        Time.Advance(PlaybookEditor.Debounce - TimeSpan.FromMilliseconds(1));
        Assert.Equal("checking", Status(editor));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        editor.WaitForAssertion(() => Assert.Equal("invalid", Status(editor)));
        var error = editor.Find(".editor-errors li");
        Assert.Equal(("17", "line 17, column 16: An owner is one of analyst, responder, manager, admin; 'intern' is not."), (error.GetAttribute("data-line"), error.TextContent));
        Assert.True(editor.Find("button").HasAttribute("disabled"));
        Assert.Equal("Preview (last valid text)", editor.Find(".preview-title").TextContent);
        Assert.NotNull(editor.Find(".preview-stale li[data-step=wipe]"));
    }

    [Fact]
    public void KeepingOnTyping_RestartsThePause_OnlyTheLastTextIsChecked()
    {
        var editor = Editor(Valid);

        editor.Find("textarea").Input(Valid.Replace("sla: 2h", "sla: forever"));
        Time.Advance(PlaybookEditor.Debounce / 2);
        editor.Find("textarea").Input(Valid.Replace("title: Wipe the device remotely", "title: Wipe it"));
        Time.Advance(PlaybookEditor.Debounce / 2);
        Assert.Equal("checking", Status(editor));
        Time.Advance(PlaybookEditor.Debounce / 2);

        editor.WaitForAssertion(() => Assert.Equal("valid", Status(editor)));
        Assert.Empty(editor.FindAll(".editor-errors li"));
        Assert.Equal("Wipe it", editor.Find("li[data-step=wipe] strong").TextContent);
    }

    [Fact]
    public void BrokenYamlSyntax_ShowsTheParsersLine()
    {
        var editor = Editor(Valid);

        editor.Find("textarea").Input("id: x\nname: [unclosed\nphases: []\n");
        Time.Advance(PlaybookEditor.Debounce);

        editor.WaitForAssertion(() => Assert.Equal("invalid", Status(editor)));
        Assert.Equal("line 2, column 7: Not valid YAML: the text stops inside an unclosed [ list, { mapping or quote that starts here or later.", editor.Find(".editor-errors li").TextContent);
    }

    [Fact]
    public void EditingAPlaybook_ChangingItsId_IsAnErrorOnTheIdLine()
    {
        var editor = Editor(Valid, key: "lost-laptop");

        editor.Find("textarea").Input(Valid.Replace("id: lost-laptop", "id: lost-phone"));
        Time.Advance(PlaybookEditor.Debounce);

        editor.WaitForAssertion(() => Assert.Equal("invalid", Status(editor)));
        Assert.Equal("line 1, column 1: The id stays 'lost-laptop' while editing this playbook; to start another one, use New playbook.", editor.Find(".editor-errors li").TextContent);
    }

    [Fact]
    public void Save_HandsOverTheCurrentText_AtOnceWithoutWaitingForThePause_AndShowsTheLibrarysRefusal()
    {
        var refused = new ImportOutcome([], [new PlaybookError(1, 1, "A playbook with the id 'lost-laptop' exists; edit it, or choose another id.")]);
        var editor = Editor(Valid, outcome: refused);
        var edited = Valid.Replace("sla: 30m", "sla: 15m");

        editor.Find("textarea").Input(edited);
        editor.Find("button").Click();

        Assert.Equal([edited], _saved);
        Assert.Equal("Not saved: line 1, column 1: A playbook with the id 'lost-laptop' exists; edit it, or choose another id.", editor.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void HostileText_IsRenderedAsText_InThePreviewAndTheErrors()
    {
        var editor = Editor(Valid.Replace("title: Wipe the device remotely", "title: \"<img src=x onerror=alert(1)>\""));

        Assert.Equal("<img src=x onerror=alert(1)>", editor.Find("li[data-step=wipe] strong").TextContent);
        Assert.Empty(editor.FindAll("img"));
    }
}
