using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Atomicity;

/// <summary>
/// A whole estate of its own — its Azurite (one per <see cref="EstateCollection"/>), storage accounts of its own (as every
/// <see cref="CoreHost"/> has), a fresh database — so the storage health check sees exactly what this host's operations made.
/// Its handlers run in their <see cref="OperationScope"/>, and it can crash at any step and come back as a new process.
/// </summary>
public abstract class EstateHost(AzuriteFixture azurite) : CoreHost(azurite)
{
    public FaultSeams Faults { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Faults.AddTo(services);

    protected override void DecorateServices(IServiceCollection services) => FaultSeams.TraceOperations(services);

    /// <summary>
    /// The crashed process is gone: stop its host (nothing it still tries reaches storage or the database), let its leases
    /// lapse as time would, and start a new process on the same database and storage.
    /// </summary>
    /// <param name="beforeStart">Arms what the new process should meet, before it can resume anything.</param>
    public async Task RestartAfterCrashAsync(Action? beforeStart = null)
    {
        await StopAsync();
        await using (var db = OfflineDb())
        {
            var lapsed = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.Operations.Where(o => o.Status == OperationStatus.InProgress)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseExpires, lapsed));
        }
        Faults.Restart();
        beforeStart?.Invoke();
        await StartAsync();
    }

    /// <summary>The operation, read past the host's seams (so it works while the host is crashed).</summary>
    public async Task<Operation> OperationAsync(Guid id)
    {
        await using var db = OfflineDb();
        return await db.Operations.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    public Task<StorageHealthReport> CheckHealthAsync() => Get<StorageHealthCheck>().CheckAsync();

    /// <summary>
    /// The health check finds nothing but the blobs the test expects as orphans (VHDs a delete was asked to keep), which are
    /// then deleted so the next step starts from a clean estate.
    /// </summary>
    public async Task AssertHealthyAsync(string context, params string[] expectedOrphans)
    {
        var report = await CheckHealthAsync();
        var unexpected = report.Problems.Where(p => !(p.Kind == StorageProblemKind.OrphanBlob && expectedOrphans.Contains(p.Blob))).ToList();
        Assert.True(unexpected.Count == 0, $"{context}: the storage health check found\n" + string.Join("\n", unexpected.Select(p => $"{p.Kind} {p.Resource ?? p.Blob}: {p.Detail}")));
        var orphans = report.Problems.Where(p => p.Kind == StorageProblemKind.OrphanBlob).Select(p => p.Blob).ToHashSet();
        Assert.True(expectedOrphans.All(orphans.Contains), $"{context}: kept blobs not reported as orphans: {string.Join(", ", expectedOrphans.Where(b => !orphans.Contains(b)))}");
        foreach (var blob in expectedOrphans) await Get<DiskStore>().Resolve(new Uri(blob)).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);
    }

    /// <summary>No operation left unfinished, and no VM still marked busy.</summary>
    public async Task AssertSettledAsync(string context)
    {
        await using var db = Db();
        var unfinished = await db.Operations.Where(o => o.Status == OperationStatus.InProgress).Select(o => o.Kind + " " + o.Target).ToListAsync();
        Assert.True(unfinished.Count == 0, $"{context}: unfinished operations {string.Join(", ", unfinished)}");
        var busy = await db.VirtualMachines.Where(v => v.ActiveOperationId != null).Select(v => v.Name).ToListAsync();
        Assert.True(busy.Count == 0, $"{context}: VMs still busy {string.Join(", ", busy)}");
    }

    public async Task<GuestRecord> GuestAsync(VirtualMachine vm) =>
        (await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink))).Value!;

    public async Task<bool> BlobExistsAsync(string mediaLink) => (await Get<DiskStore>().Resolve(new Uri(mediaLink)).Blob.ExistsAsync()).Value;

    /// <summary>What "the VM is untouched" means: its catalogue row, its disks, and the guest record on its OS disk.</summary>
    public async Task<string> VmFingerprintAsync(int vmId)
    {
        var vm = await this.VmAsync(vmId);
        var disks = string.Join(";", vm.Disks.OrderBy(d => d.Lun ?? -1).Select(d => $"{d.Name}@{d.Lun}:{d.HostCaching}:{d.MediaLink}"));
        return $"{vm.Name} {vm.Status} {vm.PowerState} {vm.InstanceSize} | {disks} | {await GuestAsync(vm)}";
    }
}

/// <summary>The estates' own Azurite: the health check of one estate must not see another test class's blobs.</summary>
[CollectionDefinition]
public sealed class EstateCollection : ICollectionFixture<AzuriteFixture>;
