using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.SeveralInstances;

/// <summary>What two instances share so that neither's memory changes a result: the agent, the barrier, the key ring.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class SharedWorkTests(AzuriteFixture azurite) : TwoInstances(azurite)
{
    [Fact]
    public async Task The_guest_agent_runs_on_one_instance_at_a_time_and_the_other_takes_it_over_when_it_stops()
    {
        var vm = await A.AddVmAsync("agent1");
        var osDisk = new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink);
        var ids = new Dictionary<string, CoreHost> { [A.Get<PortalInstance>().Id] = A, [B.Get<PortalInstance>().Id] = B };
        var holder = await OperationWaits.WaitUntilAsync(LeaseOwnerAsync, o => o is not null && ids.ContainsKey(o), "an instance to run the guest agent");
        var (stopped, other) = ids[holder!] == A ? (A, B) : (B, A);
        var store = other.Get<DiskStore>();
        var before = await OperationWaits.WaitUntilAsync(() => SequenceAsync(store, osDisk), s => s >= 1, "a first heartbeat");

        await stopped.StopAsync();

        await OperationWaits.WaitUntilAsync(LeaseOwnerAsync, o => o == other.Get<PortalInstance>().Id, "the other instance to take the agent over", TimeSpan.FromSeconds(15));
        // The heartbeat goes on from where the stopped instance left it: the number comes from the disk, not a memory.
        await OperationWaits.WaitUntilAsync(() => SequenceAsync(store, osDisk), s => s > before + 1, "heartbeats from the other instance");
    }

    [Fact]
    public async Task Two_instances_purging_the_recycle_bin_at_once_purge_each_image_once()
    {
        var os = await TestVhds.OsDiskAsync(A.Get<BlobAccounts>().Get(A.Storage.West.Name), OsType.Linux, generalized: false);
        (await A.Get<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest("shared-bin", null,
            new OsDiskRegistration(os.AbsoluteUri, "Linux", "Specialized")), "tests")).Ok();
        await A.WaitForSuccessAsync((await A.Get<ImageService>().DeleteAsync("shared-bin", deleteVhds: true, "tests")).Ok().Id);
        await using (var db = A.Db())
        {
            var due = A.Get<TimeProvider>().GetUtcNow().AddMinutes(-1);
            Assert.Equal(1, await db.Images.Where(i => i.Name == "shared-bin").ExecuteUpdateAsync(s => s.SetProperty(i => i.PurgeAt, due)));
        }

        var queued = await Task.WhenAll(
            A.Get<RecycleBinPurger>().PurgeDueAsync(TestContext.Current.CancellationToken),
            B.Get<RecycleBinPurger>().PurgeDueAsync(TestContext.Current.CancellationToken));

        Assert.True(queued.Sum() <= 1, $"{queued.Sum()} purges were queued for one image");
        await OperationWaits.WaitUntilAsync(async () =>
        {
            await using var db = A.Db();
            return await db.Images.AnyAsync(i => i.Name == "shared-bin");
        }, exists => !exists, "the image to be purged");
        // The row goes before the operation records its end: wait for that, then count.
        var purges = await OperationWaits.WaitUntilAsync(async () =>
        {
            await using var db = A.Db();
            return await db.Operations.Where(o => o.Kind == OperationKinds.PurgeImage && o.Target == "images/shared-bin").ToListAsync();
        }, ops => ops.All(o => o.Status != OperationStatus.InProgress), "the purge to end");
        Assert.Equal(OperationStatus.Succeeded, Assert.Single(purges).Status);
        Assert.False((await A.Get<DiskStore>().Resolve(os).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_snapshot_barrier_on_one_instance_holds_back_guest_writes_on_the_other()
    {
        var vm = await A.AddVmAsync("gate1");
        var written = false;
        Task write;

        await using (await A.Get<IFabric>().PauseGuestWritesAsync(vm.Id, CancellationToken.None))
        {
            write = B.Get<GuestIoGate>().WriteAsync(vm.Id, () =>
            {
                written = true;
                return Task.CompletedTask;
            }, CancellationToken.None);
            await Task.Delay(500);
            Assert.False(written, "A guest write on one instance went through another instance's snapshot barrier.");
        }

        await write.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(written);
    }

    [Fact]
    public async Task What_one_instance_protects_the_other_opens_and_the_ring_has_one_key()
    {
        var sealedOnA = A.Get<IDataProtectionProvider>().CreateProtector("tests").Protect("a sign-in cookie");

        Assert.Equal("a sign-in cookie", B.Get<IDataProtectionProvider>().CreateProtector("tests").Unprotect(sealedOnA));
        await using var db = A.Db();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private async Task<string?> LeaseOwnerAsync()
    {
        await using var db = A.OfflineDb();
        return await db.Leases.Where(l => l.Name == GuestAgentService.LeaseName).Select(l => l.Owner).SingleOrDefaultAsync();
    }

    private static async Task<ulong> SequenceAsync(DiskStore store, Uri disk) => (await store.ReadHeartbeatAsync(disk)).Value?.Sequence ?? 0;
}
