using Bunit;
using Microsoft.AspNetCore.Components;
using SecOps.Tests.Support;
using SecOps.Web.Features.Teams;

namespace SecOps.Tests.Features.Teams;

public sealed class TeamMemberPickerTests : ComponentTest
{
    private static readonly TeamCandidate[] Accounts =
    [
        new("id-rita", "Rita Responder", "rita@example.test"),
        new("id-otto", "Otto", "otto@example.test"),
        new("id-otto-2", "Otto", "otto.two@example.test"),
        new("id-ada", "ada@example.test", "ada@example.test"),
    ];

    private readonly List<string> _added = [];

    private IRenderedComponent<TeamMemberPicker> Picker(params TeamPerson[] members) => Render<TeamMemberPicker>(p => p
        .Add(c => c.Team, new TeamView(7, "CSIRT", members))
        .Add(c => c.Candidates, Accounts)
        .Add(c => c.OnAdd, EventCallback.Factory.Create<string>(this, id => _added.Add(id))));

    [Fact]
    public void Suggestions_AreTheAccountsNotInTheTeam_ByNameAndEmail()
    {
        var picker = Picker(new TeamPerson("id-rita", "Rita Responder"));

        Assert.Equal(["Otto (otto@example.test)", "Otto (otto.two@example.test)", "ada@example.test"],
            picker.FindAll("datalist#team-candidates-7 option").Select(o => o.GetAttribute("value")));
    }

    [Theory]
    [InlineData("Rita Responder (rita@example.test)", "id-rita")]
    [InlineData("  RITA@example.test ", "id-rita")]
    [InlineData("rita responder", "id-rita")]
    [InlineData("Otto (otto.two@example.test)", "id-otto-2")]
    public void Submitting_ASuggestionAnEmailOrAUniqueName_AddsThatPerson(string typed, string expected)
    {
        var picker = Picker();

        picker.Find("input").Change(typed);
        picker.Find("form").Submit();

        Assert.Equal([expected], _added);
        Assert.Empty(picker.FindAll("[data-team-add-problem]"));
    }

    [Theory]
    [InlineData("Otto", "No single account matches \"Otto\": pick one from the suggestions.")]
    [InlineData("nobody@example.test", "No single account matches \"nobody@example.test\": pick one from the suggestions.")]
    [InlineData("rita@example.test", "That person is in the team already.")]
    [InlineData("  ", "Type a name or email, or pick a person from the suggestions.")]
    public void Submitting_TextThatNamesNoOneNewOrSeveral_AddsNobody_AndSaysWhy(string typed, string problem)
    {
        var picker = Picker(new TeamPerson("id-rita", "Rita Responder"));

        picker.Find("input").Change(typed);
        picker.Find("form").Submit();

        Assert.Empty(_added);
        Assert.Equal(problem, picker.Find("[data-team-add-problem]").TextContent);
    }
}
