using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace VmPortal.Testing;

/// <summary>
/// The portal's clock in a test host that needs "today": a <see cref="FakeTimeProvider"/> that starts at noon
/// on a fixed day and then keeps pace with real time, so workers, fabric delays and heartbeats run as they
/// would while the day is one the test chose. A test that compares a date with one the product computed
/// (R7's blob names carry the capture's day) reads <see cref="Today"/> — from the clock the product uses —
/// never the wall clock, which can turn over at midnight between the two, and which the product never reads.
/// A test may <see cref="FakeTimeProvider.Advance"/> it (to a deprecation date, say); from there it keeps pace again, so
/// operations started afterwards still run.
/// </summary>
public sealed class TestClock : FakeTimeProvider, IDisposable
{
    /// <summary>Noon, so a run never reaches the next day; years ahead, so a product date taken from the wall clock shows.</summary>
    public static readonly DateTimeOffset Noon = new(2031, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Timer _pump;
    private int _pumping;
    private TimeSpan _paced;

    public TestClock() : base(Noon) => _pump = new Timer(_ => KeepPace(), null, Tick, Tick);

    /// <summary>The portal's day, as blob and disk names spell it.</summary>
    public string Today => GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void KeepPace()
    {
        // Due timers fire inside Advance, on this thread; a tick that finds the previous one still there skips.
        if (Interlocked.Exchange(ref _pumping, 1) == 1) return;
        try
        {
            // The real time since the last tick, added to wherever the clock is: a test's own Advance moves it on, never stops it.
            var elapsed = _elapsed.Elapsed;
            var step = elapsed - _paced;
            _paced = elapsed;
            if (step > TimeSpan.Zero) Advance(step);
        }
        finally
        {
            Volatile.Write(ref _pumping, 0);
        }
    }

    public void Dispose() => _pump.Dispose();
}
