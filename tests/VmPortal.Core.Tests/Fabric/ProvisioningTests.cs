using System.Text;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>R21: the first boot of a generalized guest gives it an identity — and the password goes nowhere.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ProvisioningTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    /// <summary>On purpose: disk copies the fabric boots directly, with no VM in the catalogue.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.OrphanBlob };

    private const string Password = "Tr0ub4dor&3-unique";

    [Fact]
    public async Task First_boot_writes_a_new_identity_to_the_guest_record_and_the_password_nowhere()
    {
        var store = Get<DiskStore>();
        await using var db = Db();
        var replica = (await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "Windows-Server-2012-R2-Datacenter"))
            .Disks.Single(d => d.Location == "West US");
        var account = store.Resolve(new Uri(replica.MediaLink)).Account;
        var copy = await store.CopyAsync(new Uri(replica.MediaLink), account, "provisioning-test-" + Guid.NewGuid().ToString("N")[..8]);
        var vm = new FabricVm(-1, "web07", OsType.Windows, copy.Uri, []);
        var phases = new List<BootPhase>();

        var guest = await Get<IFabric>().PowerOnAsync(vm, new ProvisioningRequest("web07", "opsadmin", Password, null),
            phase => { phases.Add(phase); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal([BootPhase.Provisioning, BootPhase.Starting, BootPhase.Running], phases);
        var stored = (await store.ReadGuestRecordAsync(copy.Uri)).Value!;
        // The record keeps boot times to the second.
        Assert.Equal(guest with { LastBootTime = stored.LastBootTime }, stored);
        Assert.InRange((guest.LastBootTime!.Value - stored.LastBootTime!.Value).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal("web07", stored.ComputerName);
        Assert.Equal("opsadmin", stored.AdminUserName);
        Assert.NotNull(stored.MachineId);
        Assert.True(stored.Provisioned);
        Assert.False(stored.Generalized);
        Assert.True(stored.Running);
        Assert.Equal(1u, stored.BootCount);

        Assert.False(await ContainsPasswordAsync(store, copy.Uri), "the password reached the disk");
        Assert.DoesNotContain(Logs, line => line.Contains(Password));
        Assert.False(ContainsPassword(await DatabaseBytes.ReadAllAsync(Database)), "the password reached the database");
    }

    [Fact]
    public async Task A_generalized_guest_without_provisioning_data_does_not_boot()
    {
        var store = Get<DiskStore>();
        await using var db = Db();
        var replica = (await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "Ubuntu-Server-14.04-LTS")).Disks.First();
        var copy = await store.CopyAsync(new Uri(replica.MediaLink), store.Resolve(new Uri(replica.MediaLink)).Account, "noprov-" + Guid.NewGuid().ToString("N")[..8]);

        var failure = await Assert.ThrowsAsync<OperationFailedException>(() => Get<IFabric>().PowerOnAsync(
            new FabricVm(-2, "lnx", OsType.Linux, copy.Uri, []), null, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(ErrorCodes.ProvisioningFailed, failure.Code);
        Assert.True((await store.ReadGuestRecordAsync(copy.Uri)).Value!.Generalized);
    }

    private static async Task<bool> ContainsPasswordAsync(DiskStore store, Uri disk)
    {
        foreach (var range in await store.GetAllocatedRangesAsync(disk))
        {
            var content = await store.Resolve(disk).Blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
            {
                Range = new Azure.HttpRange(range.Offset, range.Length),
            });
            if (ContainsPassword(content.Value.Content.ToArray())) return true;
        }
        return false;
    }

    private static bool ContainsPassword(byte[] bytes) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Password)) >= 0;
}
