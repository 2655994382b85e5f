using VmPortal.Testing;

namespace VmPortal.Core.Tests;

/// <summary>The tests' clock: a chosen day that moves with real time, also after a test moves it on.</summary>
public sealed class TestClockTests
{
    [Fact]
    public async Task After_a_test_advances_it_the_clock_keeps_pace_and_timers_still_fire()
    {
        using var clock = new TestClock();
        clock.Advance(TimeSpan.FromHours(3));
        var advanced = clock.GetUtcNow();
        var fired = new TaskCompletionSource();
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.True(clock.GetUtcNow() >= advanced.AddMilliseconds(50), $"{clock.GetUtcNow():O} did not move on from {advanced:O}");
        Assert.InRange(clock.GetUtcNow() - TestClock.Noon, TimeSpan.FromHours(3), TimeSpan.FromHours(3) + TimeSpan.FromSeconds(5));
    }
}
