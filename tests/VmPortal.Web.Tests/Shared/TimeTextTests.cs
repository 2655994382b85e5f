using VmPortal.Testing;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Tests.Shared;

/// <summary>Times on pages carry their year and zone, and feeds of recent work say how long ago, with the exact time on hover.</summary>
public sealed class TimeTextTests() : PortalBunitContext(new TestClock())
{

    [Theory]
    [InlineData(2, "just now")]
    [InlineData(42, "42 s ago")]
    [InlineData(5 * 60 + 30, "5 min ago")]
    [InlineData(3 * 3600 + 59, "3 h ago")]
    [InlineData(26 * 3600, "yesterday")]
    [InlineData(3 * 86400 + 5, "3 days ago")]
    public void A_recent_moment_says_how_long_ago(int secondsAgo, string words) =>
        Assert.Equal(words, TimeWords.Ago(TestClock.Noon.AddSeconds(-secondsAgo), TestClock.Noon));

    [Fact]
    public void A_moment_a_month_old_or_in_the_future_is_given_exactly() =>
        Assert.Equal([Exact(TestClock.Noon.AddDays(-31)), Exact(TestClock.Noon.AddMinutes(1))],
            [TimeWords.Ago(TestClock.Noon.AddDays(-31), TestClock.Noon), TimeWords.Ago(TestClock.Noon.AddMinutes(1), TestClock.Noon)]);

    [Fact]
    public void The_exact_time_has_its_year_and_zone()
    {
        var local = LocalMoment(2026, 11, 29, 10, 27, 5);

        var exact = TimeWords.Exact(local);

        Assert.StartsWith("2026-11-29 10:27:05 UTC", exact);
    }

    [Fact]
    public void A_relative_time_shows_the_exact_one_on_hover_and_to_machines()
    {
        var started = Clock.GetUtcNow().AddMinutes(-5);

        var text = Render<TimeText>(p => p.Add(t => t.Time, started).Add(t => t.Relative, true));

        var time = text.Find("time");
        Assert.Equal("5 min ago", time.TextContent);
        Assert.Equal(TimeWords.Exact(started), time.GetAttribute("title"));
        Assert.Equal(started, DateTimeOffset.Parse(time.GetAttribute("datetime")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Exact(DateTimeOffset time) => TimeWords.Exact(time);

    private static DateTimeOffset LocalMoment(int year, int month, int day, int hour, int minute, int second)
    {
        var clock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return new DateTimeOffset(clock, TimeZoneInfo.Local.GetUtcOffset(clock));
    }
}
