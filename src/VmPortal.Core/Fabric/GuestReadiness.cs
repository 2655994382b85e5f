using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Fabric;

/// <summary>
/// R24: a booted guest becomes ready. Whichever fabric found it so (the simulated agent's clock, a real guest's first
/// heartbeat), the catalogue records it the same way, and an operation that changed the VM meanwhile has the last word.
/// </summary>
public static class GuestReadiness
{
    /// <summary>Marks the VMs (tracked by <paramref name="db"/>) ready and tells the pages; none of them when an operation got there first.</summary>
    public static async Task MarkReadyAsync(PortalDbContext db, IReadOnlyList<VirtualMachine> ready, VmChanges changes, CancellationToken ct)
    {
        if (ready.Count == 0) return;
        foreach (var vm in ready)
        {
            vm.Status = VmStatus.ReadyRole;
            vm.GuestReady = true;
            vm.GuestReadyAt = null;
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return; /* an operation changed the VM meanwhile: its word wins */ }
        foreach (var vm in ready) changes.Publish(vm.Id);
    }
}
