using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecOps.Web.Features.OnCall;

namespace SecOps.Tests.Features.OnCall;

/// <summary>On-call hand-overs on a fake clock: turns in order, local hand-over times kept across daylight saving changes (Europe/Berlin 2026), the escalation chain, and rota checks.</summary>
public sealed class OnCallScheduleTests
{
    private static OnCallTeam Team(params string[] handOvers) => new()
    {
        Name = "soc",
        TimeZone = "Europe/Berlin",
        HandOvers = [.. handOvers],
        Start = new DateOnly(2026, 3, 27),
        People = ["ana", "bo", "cy"],
        Escalation = ["lead", "ana"],
    };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void TwoHandOversADay_PassDutyInTurn_AtTheLocalTimes()
    {
        var schedule = new OnCallSchedule(Team("08:00", "20:00"));

        // 27 March is still winter time (UTC+1): 08:00 local is 07:00 UTC.
        Assert.Null(schedule.At(Utc(3, 27, 6, 59)));
        Assert.Equal(new OnCallShift("soc", "ana", Utc(3, 27, 7), Utc(3, 27, 19)), schedule.At(Utc(3, 27, 7)));
        Assert.Equal("bo", schedule.At(Utc(3, 27, 19))!.Person);
        Assert.Equal("bo", schedule.At(Utc(3, 28, 6, 59))!.Person);
        Assert.Equal("cy", schedule.At(Utc(3, 28, 7))!.Person);
        Assert.Equal("ana", schedule.At(Utc(3, 28, 19))!.Person);
    }

    [Fact]
    public void SpringForward_TheMorningHandOverStaysAtEightLocal_SoTheNightShiftIsAnHourShorter()
    {
        var schedule = new OnCallSchedule(Team("08:00", "20:00"));

        // The night of 28 to 29 March the clocks go from 02:00 to 03:00: 08:00 local is now 06:00 UTC.
        var night = schedule.At(Utc(3, 29, 5, 59))!;
        Assert.Equal(new OnCallShift("soc", "ana", Utc(3, 28, 19), Utc(3, 29, 6)), night);
        Assert.Equal(TimeSpan.FromHours(11), night.Until - night.From);
        Assert.Equal(new OnCallShift("soc", "bo", Utc(3, 29, 6), Utc(3, 29, 18)), schedule.At(Utc(3, 29, 6)));
    }

    [Fact]
    public void FallBack_TheNightShiftIsAnHourLonger()
    {
        var schedule = new OnCallSchedule(Team("08:00", "20:00"));

        // 25 October: 03:00 summer time becomes 02:00 winter time; 20:00 on the 24th is 18:00 UTC, 08:00 on the 25th is 07:00 UTC.
        var night = schedule.At(Utc(10, 25, 6, 59))!;
        Assert.Equal((Utc(10, 24, 18), Utc(10, 25, 7)), (night.From, night.Until));
        Assert.Equal(TimeSpan.FromHours(13), night.Until - night.From);
        Assert.NotEqual(night.Person, schedule.At(Utc(10, 25, 7))!.Person);
    }

    [Fact]
    public void HandOverInsideTheSpringGap_HappensWhenTheClockJumps_AndInTheRepeatedHour_TheFirstTime()
    {
        var schedule = new OnCallSchedule(Team("02:30"));

        // 02:30 does not exist on 29 March: the hand-over is at 03:00 summer time, 01:00 UTC.
        Assert.Equal(Utc(3, 29, 1), schedule.At(Utc(3, 29, 1))!.From);
        Assert.Equal(Utc(3, 28, 1, 30), schedule.At(Utc(3, 29, 0, 59))!.From);
        // 02:30 happens twice on 25 October: first in summer time, 00:30 UTC.
        Assert.Equal(Utc(10, 25, 0, 30), schedule.At(Utc(10, 25, 0, 30))!.From);
        Assert.Equal(Utc(10, 25, 0, 30), schedule.At(Utc(10, 25, 0, 29))!.Until);
    }

    [Fact]
    public void Upcoming_ListsTheShiftsInOrder_AndTheChainStartsWithThePersonOnDuty()
    {
        var schedule = new OnCallSchedule(Team("08:00", "20:00"));

        var shifts = schedule.From(Utc(3, 28, 12), 4);

        Assert.Equal(["cy", "ana", "bo", "cy"], shifts.Select(s => s.Person));
        Assert.All(shifts.Zip(shifts.Skip(1)), pair => Assert.Equal(pair.First.Until, pair.Second.From));
        Assert.Equal(["cy", "lead", "ana"], schedule.Chain(shifts[0]));
        Assert.Equal(["lead", "ana"], schedule.Chain(null));
        Assert.Equal(["ana", "bo"], schedule.From(Utc(3, 1, 0), 2).Select(s => s.Person));
    }

    [Fact]
    public void Rota_OnTheAppsClock_ResolvesOnCallAssignees_AsTimePasses()
    {
        var time = new FakeTimeProvider(Utc(3, 29, 5, 0));
        // ReadAsync (the page) is the only member that checks permissions; these members are automation's.
        var rota = new OnCallRota(Options.Create(new OnCallOptions { Teams = [Team("08:00", "20:00")] }), time, null!);

        Assert.Equal("ana", rota.Resolve("on-call:soc"));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("bo", rota.Resolve("ON-CALL:SOC"));
        Assert.Equal("bo", rota.OnDuty("soc"));
        Assert.Equal("someone@example.org", rota.Resolve("someone@example.org"));
        Assert.Null(rota.Resolve("on-call:nobody"));
    }

    [Fact]
    public void RotaFromConfiguration_HasExactlyTheConfiguredHandOvers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:0:Name"] = "soc",
            ["Teams:0:TimeZone"] = "Europe/Berlin",
            ["Teams:0:Start"] = "2026-03-27",
            ["Teams:0:HandOvers:0"] = "08:00",
            ["Teams:0:HandOvers:1"] = "20:00",
            ["Teams:0:People:0"] = "ana",
        }).Build();
        var options = new OnCallOptions();

        configuration.Bind(options);

        Assert.Null(options.Problem());
        Assert.Equal(["08:00", "20:00"], options.Teams.Single().HandOvers);
        Assert.Equal(new OnCallShift("soc", "ana", Utc(3, 27, 7), Utc(3, 27, 19)), new OnCallSchedule(options.Teams.Single()).At(Utc(3, 27, 12)));
    }

    [Theory]
    [InlineData("Mars/Olympus", "08:00", "ana", "TimeZone 'Mars/Olympus' is not a known time zone id.")]
    [InlineData("Europe/Berlin", "8am", "ana", "HandOvers lists local times of day as HH:mm (at least one).")]
    [InlineData("Europe/Berlin", "08:00", "", "People lists who takes turns (at least one name).")]
    public void UnusableRota_IsRefused_NamingTheTeam(string zone, string handOver, string person, string problem)
    {
        var options = new OnCallOptions { Teams = [new OnCallTeam { Name = "soc", TimeZone = zone, HandOvers = [handOver], People = [person] }] };

        Assert.Equal($"On-call team 'soc': {problem}", options.Problem());
    }
}
