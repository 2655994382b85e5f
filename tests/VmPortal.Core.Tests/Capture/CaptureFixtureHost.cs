using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Capture;
using VmPortal.Core.Disks;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Capture;

/// <summary>A core host whose captures can be made to fail at any step, with helpers to prove "nothing changed".</summary>
public abstract class CaptureFixtureHost : CoreHost
{
    protected CaptureFixtureHost(AzuriteFixture azurite, TestClock? clock = null) : base(azurite, clock) { }

    protected FaultSeams Faults { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Faults.AddTo(services);

    protected CaptureService Captures => Get<CaptureService>();

    /// <summary>Every blob (and snapshot) in every account whose name starts with the prefix, read past the host's faults.</summary>
    protected async Task<List<string>> BlobsAsync(string prefix)
    {
        var names = new List<string>();
        foreach (var account in Storage.Accounts)
            await foreach (var blob in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, States = BlobStates.Snapshots }))
                names.Add($"{account.Name}/{blob.Name}{(blob.Snapshot is null ? "" : "@snapshot")}");
        return names;
    }

    /// <summary>What "the VM is untouched" means: its catalogue row, its disks, and the guest record on its OS disk.</summary>
    protected async Task<string> VmFingerprintAsync(int vmId)
    {
        await using var db = Db();
        var vm = await db.VirtualMachines.AsNoTracking().Include(v => v.Disks).SingleAsync(v => v.Id == vmId);
        var guest = await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink));
        var disks = string.Join(";", vm.Disks.OrderBy(d => d.Lun ?? -1).Select(d => $"{d.Name}@{d.Lun}:{d.HostCaching}:{d.MediaLink}"));
        return $"{vm.Name} {vm.Status} {vm.PowerState} {vm.InstanceSize} busy={vm.ActiveOperationId is not null} | {disks} | {guest.Value}";
    }
}
