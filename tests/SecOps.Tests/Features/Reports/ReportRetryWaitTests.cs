using SecOps.Web.Features.Reports;

namespace SecOps.Tests.Features.Reports;

public sealed class ReportRetryWaitTests
{
    private static readonly ReportsOptions Options = new() { Interval = TimeSpan.FromMinutes(1), MaxRetryWait = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(40, 60)]
    [InlineData(int.MaxValue, 60)]
    public void TheWaitAfterEachFailureInARow_DoublesFromTheInterval_UpToTheMaximum(int failures, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ReportDelivery.RetryWait(failures, Options));

    [Fact]
    public void AnIntervalLongerThanTheMaximum_WaitsTheMaximum() =>
        Assert.Equal(TimeSpan.FromHours(1), ReportDelivery.RetryWait(1, new ReportsOptions { Interval = TimeSpan.FromDays(1), MaxRetryWait = TimeSpan.FromHours(1) }));
}
