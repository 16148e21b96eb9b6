using Microsoft.Extensions.FileProviders;
using SecOps.Web.Hosting;

namespace SecOps.Tests.Hosting;

public sealed class WebRootCheckTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("secops-webroot-").FullName;

    [Fact]
    public void WebRootWithoutBlazorsScript_RefusesToStart_NamingTheFolderAndTheFile()
    {
        using var files = new PhysicalFileProvider(_webRoot);
        var refused = Assert.Throws<InvalidOperationException>(() => WebRootCheck.RequireBlazorScript(files, _webRoot));
        Assert.Contains(_webRoot, refused.Message);
        Assert.Contains("_framework/blazor.web.js", refused.Message);
    }

    [Fact]
    public void WebRootWithBlazorsScript_Starts()
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "_framework"));
        File.WriteAllText(Path.Combine(_webRoot, "_framework", "blazor.web.js"), "// script");
        using var files = new PhysicalFileProvider(_webRoot);
        WebRootCheck.RequireBlazorScript(files, _webRoot);
    }

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);
}
