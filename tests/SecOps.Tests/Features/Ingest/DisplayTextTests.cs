using SecOps.Web.Features.Ingest;

namespace SecOps.Tests.Features.Ingest;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("a\u2066b\u2069")]
    [InlineData("line\nbreak\u0000nul")]
    [InlineData("\u001b[31mred")]
    public void ControlAndBidiCharacters_BecomeAVisibleReplacement(string hostile)
    {
        var clean = DisplayText.Clean(hostile, 100)!;

        Assert.DoesNotContain(clean, DisplayText.IsUnsafe);
        Assert.Contains(DisplayText.Replacement, clean);
    }

    [Fact]
    public void OrdinaryText_IsReturnedUnchanged()
    {
        const string text = "São Paulo <script>alert(1)</script> 'quoted'";
        Assert.Same(text, DisplayText.Clean(text, 100));
    }

    [Fact]
    public void LongText_IsCappedWithAnEllipsis()
    {
        var clean = DisplayText.Clean(new string('a', 50), 10)!;
        Assert.Equal(new string('a', 10) + "…", clean);
    }
}
