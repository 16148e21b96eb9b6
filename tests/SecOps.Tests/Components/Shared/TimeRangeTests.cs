using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Components.Shared;

namespace SecOps.Tests.Components.Shared;

public sealed class TimeRangeTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private static readonly TimeZoneInfo Berlin = TimeZones.FindOrUtc("Europe/Berlin");

    [Theory]
    [InlineData("now-24h", "now", "now-24h", null)]
    [InlineData("now-15m", null, "now-15m", null)]
    [InlineData("NOW-7D", "", "now-7d", null)]
    [InlineData("2026-11-25T08:00:00+01:00", "2026-11-25T18:00:00Z", "2026-11-25T07:00:00Z", "2026-11-25T18:00:00Z")]
    [InlineData("2026-11-25T08:00:00", null, "2026-11-25T08:00:00Z", null)]
    [InlineData(null, null, null, null)]
    public void Parse_NormalisesTheUrlForm(string? from, string? to, string? expectedFrom, string? expectedTo)
    {
        var (range, error) = TimeRange.Parse(from, to, _time);

        Assert.Null(error);
        Assert.Equal(new TimeRange(expectedFrom, expectedTo), range);
    }

    [Theory]
    [InlineData("yesterday", null)]
    [InlineData("now-5w", null)]
    [InlineData("now-100001d", null)]
    [InlineData(null, "soon")]
    [InlineData("2026-11-25T18:00:00Z", "2026-11-25T08:00:00Z")]
    [InlineData("now", "now-1h")]
    public void Parse_RefusesWhatIsNotAWindow(string? from, string? to)
    {
        var (range, error) = TimeRange.Parse(from, to, _time);

        Assert.Null(range);
        Assert.NotNull(error);
    }

    [Fact]
    public void RelativeEnds_MoveWithTheClock()
    {
        var range = TimeRange.Parse("now-15m", null, _time).Range!;
        var first = range.Resolve(_time).From;

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 45, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 11, 55, 0, TimeSpan.Zero), range.Resolve(_time).From);
        Assert.Null(range.Resolve(_time).To);
    }

    [Fact]
    public void TypedLocalTimes_AreReadInThePersonsZone()
    {
        Assert.True(TimeRange.TryReadInput("2026-11-25 08:00", Berlin, out var winter));
        Assert.True(TimeRange.TryReadInput("2026-07-01T08:00:30", Berlin, out var summer));
        Assert.True(TimeRange.TryReadInput("2026-11-25T08:00:00Z", Berlin, out var explicitUtc));
        Assert.True(TimeRange.TryReadInput("now-2h", Berlin, out var relative));
        Assert.True(TimeRange.TryReadInput("  ", Berlin, out var open));

        Assert.Equal("2026-11-25T07:00:00Z", winter);
        Assert.Equal("2026-07-01T06:00:30Z", summer);
        Assert.Equal("2026-11-25T08:00:00Z", explicitUtc);
        Assert.Equal("now-2h", relative);
        Assert.Null(open);
    }

    [Fact]
    public void TypedLocalTime_ThatTheClockSkips_IsRefused() =>
        // 02:30 on the last Sunday of March does not exist in Berlin.
        Assert.False(TimeRange.TryReadInput("2026-03-29 02:30", Berlin, out _));

    [Fact]
    public void Label_NamesPresetsAndShowsAbsoluteEndsInTheZone()
    {
        Assert.Equal("Last 24 hours", new TimeRange("now-24h", null).Label(Berlin));
        Assert.Equal("All time", TimeRange.All.Label(Berlin));
        Assert.Equal("2026-11-25 08:00 → now", new TimeRange("2026-11-25T07:00:00Z", null).Label(Berlin));
        Assert.Equal("Any time → 2026-11-25 19:00", new TimeRange(null, "2026-11-25T18:00:00Z").Label(Berlin));
        Assert.Equal("2026-11-25 08:00 → 19:00", new TimeRange("2026-11-25T07:00:00Z", "2026-11-25T18:00:00Z").Label(Berlin));
        Assert.Equal("2026-11-25 08:00 → 2026-11-26 19:00", new TimeRange("2026-11-25T07:00:00Z", "2026-11-26T18:00:00Z").Label(Berlin));
    }
}
