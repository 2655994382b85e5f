using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalog;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.VirtualMachines;

/// <summary>Reads VMs for pages and the API: the list from the catalogue alone, one VM with its guest record and allocated sizes.</summary>
public sealed class VmQueries(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks)
{
    public async Task<Page<VmSummary>> ListAsync(VmListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vms = db.VirtualMachines.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Search))
            vms = vms.Where(v => v.Name.Contains(query.Search) || v.CloudService!.Name.Contains(query.Search));
        if (!string.IsNullOrWhiteSpace(query.Service)) vms = vms.Where(v => v.CloudService!.Name == query.Service);
        if (query.Status is { } status) vms = vms.Where(v => v.Status == status);
        var total = await vms.CountAsync(ct);
        var items = await vms.OrderBy(v => v.CloudService!.Name).ThenBy(v => v.Name)
            .Skip(query.Skip).Take(query.Take)
            .Select(Summary).ToListAsync(ct);
        return new Page<VmSummary>(items, total);
    }

    public async Task<PortalResult<VmDetails>> GetAsync(string serviceName, string vmName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.WithDisks().AsNoTracking().SingleOrDefaultAsync(v => v.CloudService!.Name == serviceName && v.Name == vmName, ct);
        if (vm is null) return PortalError.NotFound($"Virtual machine '{vmName}' in cloud service '{serviceName}'");

        var views = await Task.WhenAll(vm.Disks.Select(d => ViewAsync(d, vm, ct)));
        var os = views.Single(d => d.Lun is null);
        var guest = await disks.ReadGuestRecordAsync(new Uri(os.MediaLink), ct);
        return new VmDetails(
            SummaryOf(vm), os, views.Where(d => d.Lun is not null).OrderBy(d => d.Lun).ToList(), vm.Endpoints,
            vm.VirtualNetworkName, vm.SubnetName, guest.Value is { } g ? ToView(g) : null, vm.ActiveOperationId);
    }

    private async Task<DiskView> ViewAsync(Disk disk, VirtualMachine vm, CancellationToken ct) =>
        new(disk.Name, disk.MediaLink, disk.Label, disk.HostCaching, disk.LogicalSizeInGb,
            await disks.AllocatedBytesAsync(new Uri(disk.MediaLink), ct), disk.Lun, disk.Os,
            new DiskAttachment(vm.CloudService!.Name, vm.Name));

    private static GuestView ToView(GuestRecord g) =>
        new(g.ComputerName, g.AdminUserName, g.MachineId, g.Generalized, g.Provisioned, g.BootCount, g.LastBootTime, g.Running, g.LastShutdownUnexpected);

    private static readonly System.Linq.Expressions.Expression<Func<VirtualMachine, VmSummary>> Summary = v => new VmSummary(
        v.Id, v.Name, v.CloudService!.Name, v.CloudService.Location, v.InstanceSize, v.Os, v.Status, v.PowerState,
        v.GuestReady, v.SourceImageName, v.Disks.Count(d => d.Lun != null), v.ActiveOperationId != null);

    private static readonly Func<VirtualMachine, VmSummary> SummaryOf = Summary.Compile();
}
