using Microsoft.Extensions.Configuration;
using SecOps.Web.Features.Reports;

namespace SecOps.Tests.Features.Reports;

public sealed class ReportsOptionsTests
{
    [Fact]
    public void Configuration_BindsTheSendingHourIntervalAndClaim()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SecOps:Reports:SendAt"] = "06:30",
            ["SecOps:Reports:Interval"] = "00:05:00",
            ["SecOps:Reports:ClaimFor"] = "00:02:00",
        }).Build();

        var options = configuration.GetSection(ReportsOptions.SectionName).Get<ReportsOptions>()!;

        Assert.Equal((new TimeOnly(6, 30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)), (options.SendAt, options.Interval, options.ClaimFor));
    }

    [Fact]
    public void Defaults_AreSevenOClock_EveryMinute_FiveMinuteClaims()
    {
        var options = new ReportsOptions();

        Assert.Equal((new TimeOnly(7, 0), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)), (options.SendAt, options.Interval, options.ClaimFor));
    }
}
