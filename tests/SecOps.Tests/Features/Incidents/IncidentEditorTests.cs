using Bunit;
using SecOps.Tests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Incidents;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Features.Incidents;

/// <summary>The edit form: saves on the version shown, and a newer version (someone else's change, live) resets it.</summary>
public sealed class IncidentEditorTests : ComponentTest
{
    private static IncidentView Incident(int version, IncidentStatus status = IncidentStatus.Open) => new(4, "Phish", "", Severity.High, status,
        IncidentPhase.DetectionAndAnalysis, IncidentType.Fraud, Tlp.Amber, Pap.Amber, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, version);

    [Fact]
    public void Save_SendsTheChosenStateWithTheVersionShown_AndIsDisabledUntilSomethingChanges()
    {
        IncidentEdit? saved = null;
        var editor = Render<IncidentEditor>(p => p.Add(e => e.Incident, Incident(3)).Add(e => e.OnSave, (IncidentEdit e) => saved = e)
            .Add(e => e.People, [new Assignee("u1", "Ana")]));

        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
        editor.Find("select[aria-label=Status]").Change(nameof(IncidentStatus.InProgress));
        editor.Find("select[aria-label=Assignee]").Change("u1");
        editor.Find("form").Submit();

        Assert.Equal(new IncidentEdit(3, IncidentStatus.InProgress, IncidentPhase.DetectionAndAnalysis, Severity.High, "u1"), saved);
    }

    [Fact]
    public void ANewerVersion_ResetsTheForm_ToTheStoredState()
    {
        var editor = Render<IncidentEditor>(p => p.Add(e => e.Incident, Incident(3)));
        editor.Find("select[aria-label=Status]").Change(nameof(IncidentStatus.Closed));

        editor.Render(p => p.Add(e => e.Incident, Incident(4, IncidentStatus.InProgress)));

        Assert.Equal(nameof(IncidentStatus.InProgress), editor.Find("select[aria-label=Status]").GetAttribute("value"));
        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
    }
}
