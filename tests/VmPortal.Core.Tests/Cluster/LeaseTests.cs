using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VmPortal.Core.Cluster;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Cluster;

/// <summary>Periodic work runs on one instance at a time: the lease. On SQLite and on PostgreSQL.</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 3, 14, 12, 0, 0, TimeSpan.Zero));
    private Leases _first = null!;
    private Leases _second = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _first = new Leases(_database, new PortalInstance(), _time, NullLogger<Leases>.Instance);
        _second = new Leases(_database, new PortalInstance(), _time, NullLogger<Leases>.Instance);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_lease_is_held_by_one_instance_renewed_by_it_and_taken_over_only_once_it_lapses()
    {
        Assert.True(await _first.TryHoldAsync("job", Hold, default));
        Assert.False(await _second.TryHoldAsync("job", Hold, default));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await _first.TryHoldAsync("job", Hold, default)); // renewed: good for 30 s from now
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await _second.TryHoldAsync("job", Hold, default));

        _time.Advance(TimeSpan.FromSeconds(11)); // the holder stopped renewing
        Assert.True(await _second.TryHoldAsync("job", Hold, default));
        Assert.False(await _first.TryHoldAsync("job", Hold, default));
    }

    [Fact]
    public async Task Two_instances_racing_for_a_new_lease_get_it_once()
    {
        var instances = Enumerable.Range(0, 6).Select(_ => new Leases(_database, new PortalInstance(), _time, NullLogger<Leases>.Instance)).ToList();

        var held = await Task.WhenAll(instances.Select(l => l.TryHoldAsync("race", Hold, default)));

        Assert.Equal(1, held.Count(h => h));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_only_its_holder_can_release_it()
    {
        Assert.True(await _first.TryHoldAsync("job", Hold, default));
        await _second.ReleaseAsync("job", default);
        Assert.False(await _second.TryHoldAsync("job", Hold, default));

        await _first.ReleaseAsync("job", default);

        Assert.True(await _second.TryHoldAsync("job", Hold, default));
    }
}
