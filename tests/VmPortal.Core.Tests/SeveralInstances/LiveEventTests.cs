using System.Collections.Concurrent;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.SeveralInstances;

/// <summary>A page follows work live whichever instance serves it and whichever instance does the work.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class LiveEventTests(AzuriteFixture azurite) : TwoInstances(azurite)
{
    [Fact]
    public async Task An_operation_and_the_guest_it_readies_reach_live_pages_on_both_instances_once()
    {
        var vm = await A.AddVmAsync("live1", status: VmStatus.StoppedDeallocated);
        var operationsOnA = new ConcurrentQueue<OperationUpdate>();
        var operationsOnB = new ConcurrentQueue<OperationUpdate>();
        var changesOnA = new ConcurrentQueue<int>();
        var changesOnB = new ConcurrentQueue<int>();
        using var a1 = A.Get<OperationEvents>().Subscribe(operationsOnA.Enqueue);
        using var b1 = B.Get<OperationEvents>().Subscribe(operationsOnB.Enqueue);
        using var a2 = A.Get<VmChanges>().Subscribe(changesOnA.Enqueue);
        using var b2 = B.Get<VmChanges>().Subscribe(changesOnB.Enqueue);

        var started = await A.Get<VmService>().StartAsync(vm.CloudService!.Name, vm.Name, "tests");
        var id = started.Ok().Id;
        await A.WaitForSuccessAsync(id);

        // Whichever instance ran the start, the other heard of every step up to its outcome — and neither heard it twice.
        foreach (var seen in new[] { operationsOnA, operationsOnB })
            await OperationWaits.WaitUntilAsync(() => Task.FromResult(seen.Count(u => u.Id == id && u.Status == OperationStatus.Succeeded)),
                n => n >= 1, "the start's outcome on both instances", TimeSpan.FromSeconds(10));
        Assert.Equal(1, operationsOnA.Count(u => u.Id == id && u.Status == OperationStatus.Succeeded));
        Assert.Equal(1, operationsOnB.Count(u => u.Id == id && u.Status == OperationStatus.Succeeded));
        Assert.Contains(operationsOnB, u => u.Id == id && u.Status == OperationStatus.InProgress);

        // The guest agent (on one instance) marks the guest ready; pages on both instances hear of it.
        await OperationWaits.WaitUntilAsync(async () => (await A.VmAsync(vm.Id)).Status, s => s == VmStatus.ReadyRole, "the guest to be ready");
        foreach (var seen in new[] { changesOnA, changesOnB })
            await OperationWaits.WaitUntilAsync(() => Task.FromResult(seen.Contains(vm.Id)), c => c, "the VM change on both instances", TimeSpan.FromSeconds(10));
    }
}
