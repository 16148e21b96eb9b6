using SecOps.Web.Features.Accounts;

namespace SecOps.Tests.Features.Accounts;

public sealed class LocalRedirectTests
{
    [Theory]
    [InlineData("/triage", "/triage")]
    [InlineData("/incidents/4?tab=timeline", "/incidents/4?tab=timeline")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/account/logout", "/")]
    public void OnlyPathsOnThisSite_AreFollowed(string? returnUrl, string expected) =>
        Assert.Equal(expected, LocalRedirect.Sanitize(returnUrl));
}
