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

    /// <summary>
    /// The names a request gives for a VM, by the name rules, before anything is looked up: a malformed name is
    /// <c>InvalidName</c> (400), never a "not found" (404).
    /// </summary>
    public static PortalError? CheckNames(string? serviceName, string? vmName) =>
        NameRules.CloudServiceKey(serviceName, "service").Error ?? NameRules.VirtualMachine(vmName, field: "vm");

    /// <summary>
    /// A VM by its cloud service and name, in any case: the same VM on every route. Cloud service names are lowercase
    /// (R28), so the lookup's name is folded; VM names are unique regardless of case within their service (a deploy
    /// refuses <c>WEB</c> beside <c>web</c>), and ASCII by rule, so both providers' <c>upper()</c> agree on them.
    /// Call <see cref="CheckNames"/> first.
    /// </summary>
    public static Task<VirtualMachine?> FindAsync(this PortalDbContext db, string serviceName, string vmName, CancellationToken ct) =>
        db.WithDisks().Named(serviceName, vmName).SingleOrDefaultAsync(ct);

    /// <summary>The VMs named <paramref name="vmName"/> in <paramref name="serviceName"/>, case ignored (see <see cref="FindAsync"/>).</summary>
    public static IQueryable<VirtualMachine> Named(this IQueryable<VirtualMachine> vms, string serviceName, string vmName)
    {
        var service = NameRules.CloudServiceKey(serviceName).Value ?? serviceName;
        var vm = vmName.ToUpperInvariant();
#pragma warning disable CA1304, CA1311 // EF Core translates ToUpper() to SQL upper(), which SQLite and PostgreSQL apply alike to ASCII.
        return vms.Where(v => v.CloudService!.Name == service && v.Name.ToUpper() == vm);
#pragma warning restore CA1304, CA1311
    }

    /// <summary>The VM an operation acts on; gone means someone deleted it meanwhile.</summary>
    public static async Task<VirtualMachine> OperationVmAsync(this PortalDbContext db, OperationContext context, CancellationToken ct) =>
        await db.WithDisks().SingleOrDefaultAsync(v => v.Id == context.VirtualMachineId, ct)
        ?? throw new OperationFailedException(ErrorCodes.NotFound, VmMessages.Format("OperationVmGone", context.Kind, context.Target));

    public static string DisplayName(this VirtualMachine vm) => $"{vm.CloudService?.Name}/{vm.Name}";
}
