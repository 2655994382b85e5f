using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>Finds VMs with their cloud service and disks, by name for requests and by id for operations.</summary>
public static class VmLoader
{
    public static IQueryable<VirtualMachine> WithDisks(this PortalDbContext db) =>
        db.VirtualMachines.Include(v => v.CloudService).Include(v => v.Disks);

    public static Task<VirtualMachine?> FindAsync(this PortalDbContext db, string serviceName, string vmName, CancellationToken ct) =>
        db.WithDisks().SingleOrDefaultAsync(v => v.CloudService!.Name == serviceName.ToLowerInvariant() && v.Name == vmName, ct);

    /// <summary>The VM an operation acts on; gone means someone deleted it meanwhile.</summary>
    public static async Task<VirtualMachine> OperationVmAsync(this PortalDbContext db, OperationContext context, CancellationToken ct) =>
        await db.WithDisks().SingleOrDefaultAsync(v => v.Id == context.VirtualMachineId, ct)
        ?? throw new OperationFailedException(ErrorCodes.NotFound, $"The VM of operation {context.Kind} on {context.Target} no longer exists.");

    public static string DisplayName(this VirtualMachine vm) => $"{vm.CloudService?.Name}/{vm.Name}";
}
