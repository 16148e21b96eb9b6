using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Tests.Support;
using SecOps.Web.Components.Layout;

namespace SecOps.Tests.Components.Layout;

public sealed class UserMenuTests : ComponentTest
{
    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("token-value", "__RequestVerificationToken");
    }

    public UserMenuTests() => Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();

    [Fact]
    public void SignedInUser_SeesTheirNameAndASignOutFormWithTheAntiforgeryField()
    {
        AddAuthorization().SetAuthorized("<b>analyst@example.test</b>");

        var menu = Render<UserMenu>();

        Assert.Equal("<b>analyst@example.test</b>", menu.Find("span.mud-typography").TextContent);
        var form = menu.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
        var field = menu.Find("form input[type=hidden]");
        Assert.Equal("__RequestVerificationToken", field.GetAttribute("name"));
        Assert.Equal("token-value", field.GetAttribute("value"));
        Assert.NotNull(menu.Find("button[type=submit][aria-label='Sign out']"));
    }

    [Fact]
    public void Anonymous_SeesNoUserAndNoSignOut()
    {
        AddAuthorization().SetNotAuthorized();

        var menu = Render<UserMenu>();

        Assert.Empty(menu.FindAll("form"));
        Assert.Empty(menu.FindAll("span"));
    }

    [Fact]
    public void SigningOutElsewhere_HidesTheMenu()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("responder@example.test");
        var menu = Render<UserMenu>();
        Assert.NotEmpty(menu.FindAll("form"));

        auth.SetNotAuthorized();

        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("form")));
    }
}
