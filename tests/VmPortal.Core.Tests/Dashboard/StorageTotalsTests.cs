using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Dashboard;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Dashboard;

/// <summary>
/// The dashboard's storage totals are measured in the background and kept in the catalogue: a visit reads them without a
/// single storage request, however many disks there are.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class StorageTotalsTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private readonly FaultSeams _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => _faults.AddTo(services);

    [Fact]
    public async Task Totals_measured_at_start_up_are_read_from_the_catalogue_without_a_storage_request()
    {
        var usage = await OperationWaits.WaitUntilAsync(() => Get<StorageUsageQueries>().PerAccountAsync(),
            u => u.All(a => a.MeasuredTime is not null), "the first measurement");
        var primary = usage.Single(u => u.Account == Storage.West.Name);
        Assert.True(primary.Blobs > 0 && primary.AllocatedBytes > 0 && primary.ProvisionedBytes > primary.AllocatedBytes, $"{primary}");

        var before = _faults.Storage.Requests;
        await Get<StorageUsageQueries>().PerAccountAsync();

        Assert.Equal(before, _faults.Storage.Requests);
    }

    [Fact]
    public async Task A_new_measurement_counts_a_new_VMs_disks()
    {
        await OperationWaits.WaitUntilAsync(() => Get<StorageUsageQueries>().PerAccountAsync(), u => u.All(a => a.MeasuredTime is not null), "the first measurement");
        var before = (await Get<StorageUsageQueries>().PerAccountAsync()).Single(u => u.Account == Storage.West.Name);
        var vm = await AddVmAsync("totals1");

        await Get<StorageTotalsService>().MeasureAsync(CancellationToken.None);

        var after = (await Get<StorageUsageQueries>().PerAccountAsync()).Single(u => u.Account == Storage.West.Name);
        Assert.Equal(before.Blobs + vm.Disks.Count, after.Blobs);
        Assert.True(after.MeasuredTime >= before.MeasuredTime);
    }
}
