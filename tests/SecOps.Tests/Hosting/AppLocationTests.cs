using SecOps.Web.Hosting;

namespace SecOps.Tests.Hosting;

public sealed class AppLocationTests
{
    [Fact]
    public void WithoutAContentRootSetting_TheContentRootIsTheAppsBaseFolder()
    {
        Assert.Null(AppLocation.ConfiguredContentRoot([]));
        Assert.Equal(AppContext.BaseDirectory, AppLocation.Options([]).ContentRootPath);
    }

    [Theory]
    [InlineData("--contentRoot=/srv/secops")]
    [InlineData("--contentRoot", "/srv/secops")]
    [InlineData("contentRoot=/srv/secops")]
    public void AnExplicitContentRoot_IsLeftToTheHost(params string[] args)
    {
        Assert.Equal("/srv/secops", AppLocation.ConfiguredContentRoot(args));
        Assert.Null(AppLocation.Options(args).ContentRootPath);
        Assert.Equal(args, AppLocation.Options(args).Args);
    }
}
