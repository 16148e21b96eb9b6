using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Incidents;

/// <summary>
/// The edit form: saves on the version its choices were made on. A newer version arriving live resets a form with
/// nothing unsaved; with unsaved choices it keeps them and their version and says what changed, until "Load the latest".
/// </summary>
public sealed class IncidentEditorTests : ComponentTest
{
    private static IncidentView Incident(int version, IncidentStatus status = IncidentStatus.Open, IncidentPhase phase = IncidentPhase.DetectionAndAnalysis,
        Severity severity = Severity.High, int? teamId = null) =>
        new(4, "Phish", "", severity, status, phase, IncidentType.Fraud, Tlp.Amber, Pap.Amber, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, version)
        {
            TeamId = teamId,
        };

    private IRenderedComponent<IncidentEditor> Editor(IncidentView incident, Action<IncidentEdit>? onSave = null) =>
        Render<IncidentEditor>(p => p.Add(e => e.Incident, incident).Add(e => e.OnSave, (IncidentEdit e) => onSave?.Invoke(e))
            .Add(e => e.People, [new Assignee("u1", "Ana")]));

    private static string Value(IRenderedComponent<IncidentEditor> editor, string field) => editor.Find($"select[aria-label={field}]").GetAttribute("value")!;

    [Fact]
    public void Save_SendsTheChosenStateWithTheVersionShown_AndIsDisabledUntilSomethingChanges()
    {
        IncidentEdit? saved = null;
        var editor = Editor(Incident(3), e => saved = e);

        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
        editor.Find("select[aria-label=Status]").Change(nameof(IncidentStatus.InProgress));
        editor.Find("select[aria-label=Assignee]").Change("u1");
        editor.Find("form").Submit();

        Assert.Equal(new IncidentEdit(3, IncidentStatus.InProgress, IncidentPhase.DetectionAndAnalysis, Severity.High, "u1"), saved);
    }

    [Fact]
    public void ANewerVersion_WithNothingUnsaved_ResetsTheForm_ToTheStoredState()
    {
        var editor = Editor(Incident(3));

        editor.Render(p => p.Add(e => e.Incident, Incident(4, IncidentStatus.InProgress)));

        Assert.Equal(nameof(IncidentStatus.InProgress), Value(editor, "Status"));
        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
        Assert.Empty(editor.FindAll(".incident-editor-stale"));
    }

    [Fact]
    public void ANewerVersion_ChangingTheFieldsWhileAChoiceIsUnsaved_KeepsTheChoiceAndItsVersion_AndNamesWhatChanged()
    {
        IncidentEdit? saved = null;
        var editor = Editor(Incident(3), e => saved = e);
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));

        editor.Render(p => p.Add(e => e.Incident, Incident(4, phase: IncidentPhase.Containment)));

        Assert.Equal(nameof(Severity.Critical), Value(editor, "Severity"));
        Assert.Equal(nameof(IncidentPhase.DetectionAndAnalysis), Value(editor, "Phase"));
        var notice = editor.Find(".incident-editor-stale");
        Assert.Equal(["Phase: Detection and analysis → Containment"], notice.QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.Contains("Severity: high → critical", notice.TextContent, StringComparison.Ordinal);
        editor.Find("form").Submit();
        Assert.Equal(new IncidentEdit(3, IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, Severity.Critical, null), saved);
    }

    [Fact]
    public void LoadTheLatest_TakesTheStoredStateAndItsVersion_AndTheNextSaveIsMadeOnIt()
    {
        IncidentEdit? saved = null;
        var editor = Editor(Incident(3), e => saved = e);
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));
        editor.Render(p => p.Add(e => e.Incident, Incident(4, phase: IncidentPhase.Containment)));

        editor.FindAll("button").Single(b => b.TextContent.Contains("Load the latest", StringComparison.Ordinal)).Click();

        Assert.Empty(editor.FindAll(".incident-editor-stale"));
        Assert.Equal((nameof(IncidentPhase.Containment), nameof(Severity.High)), (Value(editor, "Phase"), Value(editor, "Severity")));
        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));
        editor.Find("form").Submit();
        Assert.Equal(new IncidentEdit(4, IncidentStatus.Open, IncidentPhase.Containment, Severity.Critical, null), saved);
    }

    [Fact]
    public void ANewerVersion_HoldingTheUnsavedChoice_IsTakenWithoutANotice()
    {
        // The form's own save coming back: what was chosen is what is stored.
        var editor = Editor(Incident(3));
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));

        editor.Render(p => p.Add(e => e.Incident, Incident(4, severity: Severity.Critical)));

        Assert.Empty(editor.FindAll(".incident-editor-stale"));
        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void ANewerVersion_ChangingOnlyOtherDetails_KeepsTheChoice_OnTheNewVersion()
    {
        IncidentEdit? saved = null;
        var editor = Editor(Incident(3), e => saved = e);
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));

        editor.Render(p => p.Add(e => e.Incident, Incident(4, teamId: 7)));

        Assert.Empty(editor.FindAll(".incident-editor-stale"));
        editor.Find("form").Submit();
        Assert.Equal(new IncidentEdit(4, IncidentStatus.Open, IncidentPhase.DetectionAndAnalysis, Severity.Critical, null), saved);
    }

    [Fact]
    public void TakingAnUnsavedChoiceBack_AfterAColleaguesChange_ShowsTheStoredStateAgain()
    {
        var editor = Editor(Incident(3));
        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.Critical));
        editor.Render(p => p.Add(e => e.Incident, Incident(4, phase: IncidentPhase.Containment)));

        editor.Find("select[aria-label=Severity]").Change(nameof(Severity.High));

        Assert.Empty(editor.FindAll(".incident-editor-stale"));
        Assert.Equal(nameof(IncidentPhase.Containment), Value(editor, "Phase"));
    }
}
