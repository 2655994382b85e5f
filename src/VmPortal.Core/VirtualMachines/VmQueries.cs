using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Dashboard;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.VirtualMachines;

/// <summary>Reads VMs for pages and the API: the list from the catalogue alone, one VM with its guest record and allocated sizes.</summary>
public sealed class VmQueries(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks)
{
    /// <summary>
    /// The VM list page's rows. In the default order (cloud service, then name) the page is read by key: with
    /// <see cref="VmListQuery.After"/> it seeks past that row on the names' indexes, and it returns the token of the page
    /// after it. A column sort pages by OFFSET (most columns have no index that would make a seek of it).
    /// </summary>
    public async Task<Page<VmSummary>> ListAsync(VmListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (query.Sort is null)
            return await Filtered(db, query).KeysetPageAsync(Counted(db, query), query.Skip, query.Take, query.After,
                (vms, after) => Sorted(After(vms, after), null, false).Select(Summary),
                vm => [vm.ServiceName, vm.Name], page => FlagClonesAsync(db, page, ct), ct);
        var vms = Filtered(db, query);
        var total = await (Counted(db, query) ?? vms.CountAsync)(ct);
        var items = await Sorted(vms, query.Sort, query.Descending)
            .Skip(query.Skip).Take(query.Take)
            .Select(Summary).ToListAsync(ct);
        return new Page<VmSummary>(await FlagClonesAsync(db, items, ct), total);
    }

    /// <summary>
    /// The list as API.md's <c>Vm</c> shape: each VM with its disks from the catalogue alone. Reading every guest
    /// record and page range would make a list cost grow with the estate, so those come with one VM (<see cref="GetAsync"/>).
    /// </summary>
    public async Task<Page<VmDetails>> ListDetailsAsync(VmListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filtered(db, query).KeysetPageAsync(Counted(db, query), query.Skip, query.Take, query.After,
            (vms, after) => Sorted(After(vms, after), null, false)
                .Include(v => v.CloudService).Include(v => v.Disks).AsNoTracking(),
            vm => [vm.CloudService!.Name, vm.Name],
            async page =>
            {
                var summaries = await FlagClonesAsync(db, page.Select(SummaryOf).ToList(), ct);
                return page.Zip(summaries, (vm, summary) =>
                {
                    var views = vm.Disks.Select(d => new DiskView(d.Name, d.MediaLink, d.Label, d.HostCaching, d.LogicalSizeInGb, null, d.Lun, d.Os,
                        new DiskAttachment(vm.CloudService!.Name, vm.Name))).ToList();
                    return new VmDetails(summary, views.Single(d => d.Lun is null), views.Where(d => d.Lun is not null).OrderBy(d => d.Lun).ToList(),
                        vm.Endpoints, vm.VirtualNetworkName, vm.SubnetName, null, vm.ActiveOperationId, TagRules.ToMap(vm.Tags));
                }).ToList();
            }, ct);
    }

    /// <summary>
    /// The list's total without counting rows when nothing but a status narrows it (<see cref="CatalogueCounts"/> keeps VMs
    /// by status); a search or any other filter is counted.
    /// </summary>
    private static Func<CancellationToken, Task<int>>? Counted(PortalDbContext db, VmListQuery query) =>
        query with { Status = null, Skip = 0, Take = 0, Sort = null, Descending = false, After = null, Tags = null } == new VmListQuery(Take: 0)
        && query.Tags is null or { Count: 0 }
            ? ct => CatalogueCounts.VmsAsync(db, query.Status, ct)
            : null;

    /// <summary>The VMs after a continuation's (cloud service, name) in the default order: a seek on both names' indexes.</summary>
    private static IQueryable<VirtualMachine> After(IQueryable<VirtualMachine> vms, IReadOnlyList<string>? after)
    {
        if (after is not [var service, var name]) return vms;
        // Translated to SQL's "<", so the database's own collation orders it, as it orders ORDER BY.
#pragma warning disable CA1309
        return vms.Where(v => string.Compare(v.CloudService!.Name, service) > 0
                              || (v.CloudService!.Name == service && string.Compare(v.Name, name) > 0));
#pragma warning restore CA1309
    }

    private static IQueryable<VirtualMachine> Filtered(PortalDbContext db, VmListQuery query)
    {
        var vms = db.VirtualMachines.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Search))
            vms = vms.Where(v => v.Name.Contains(query.Search) || v.CloudService!.Name.Contains(query.Search));
        if (!string.IsNullOrWhiteSpace(query.Service))
        {
            // Any case finds the service (R28 names are lowercase); a name no service can have finds none.
            var service = NameRules.CloudServiceKey(query.Service);
            vms = service.Succeeded ? vms.Where(v => v.CloudService!.Name == service.Value) : vms.Where(_ => false);
        }
        if (query.Status is { } status) vms = vms.Where(v => v.Status == status);
        if (query.Os is { } os) vms = vms.Where(v => v.Os == os);
        if (!string.IsNullOrWhiteSpace(query.Location)) vms = vms.Where(v => v.CloudService!.Location == query.Location);
        if (!string.IsNullOrWhiteSpace(query.InstanceSize)) vms = vms.Where(v => v.InstanceSize == query.InstanceSize);
        foreach (var tag in query.Tags ?? [])
        {
            var (key, value) = (tag.Key, tag.Value);
            vms = value is null ? vms.Where(v => v.Tags.Any(t => t.Key == key)) : vms.Where(v => v.Tags.Any(t => t.Key == key && t.Value == value));
        }
        return vms;
    }

    /// <summary>R26: marks VMs whose guest has the same machine id as another VM's — copies of one specialized image.</summary>
    private static async Task<List<VmSummary>> FlagClonesAsync(PortalDbContext db, List<VmSummary> page, CancellationToken ct)
    {
        var ids = page.Where(v => v.MachineId is not null).Select(v => v.MachineId).Distinct().ToList();
        if (ids.Count == 0) return page;
        var shared = await db.VirtualMachines.Where(v => ids.Contains(v.MachineId))
            .GroupBy(v => v.MachineId).Where(g => g.Count() > 1).Select(g => g.Key).ToListAsync(ct);
        return page.Select(v => shared.Contains(v.MachineId) ? v with { SharesMachineId = true } : v).ToList();
    }

    /// <summary>The default order is cloud service, then name; any other sort ends on the id, so pages never overlap.</summary>
    private static IQueryable<VirtualMachine> Sorted(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending)
    {
        if (sort is null) return vms.OrderBy(v => v.CloudService!.Name).ThenBy(v => v.Name);
        IOrderedQueryable<VirtualMachine> By<TKey>(System.Linq.Expressions.Expression<Func<VirtualMachine, TKey>> key) =>
            descending ? vms.OrderByDescending(key) : vms.OrderBy(key);
        var ordered = sort switch
        {
            VmSort.Service => By(v => v.CloudService!.Name),
            VmSort.Status => By(v => v.Status),
            VmSort.Os => By(v => v.Os),
            VmSort.Location => By(v => v.CloudService!.Location),
            VmSort.InstanceSize => By(v => v.InstanceSize),
            VmSort.DataDisks => By(v => v.Disks.Count(d => d.Lun != null)),
            _ => By(v => v.Name),
        };
        // The tie-break runs the same way as the sort, so a page of a column with an index on (column, Id) reads that index
        // in one direction and stops after the page, instead of sorting every VM of the column's last values.
        return descending ? ordered.ThenByDescending(v => v.Id) : ordered.ThenBy(v => v.Id);
    }

    /// <summary>Disks a VM in <paramref name="location"/> could attach as a data disk: unattached, not an OS disk, stored in that location.</summary>
    public async Task<IReadOnlyList<DiskView>> UnattachedDataDisksAsync(string location, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Disks.AsNoTracking()
            .Where(d => d.VirtualMachineId == null && d.Os == null)
            .OrderBy(d => d.Name)
            .Select(d => new DiskView(d.Name, d.MediaLink, d.Label, d.HostCaching, d.LogicalSizeInGb, null, null, null, null))
            .ToListAsync(ct);
        return candidates.Where(d => LocationOf(d.MediaLink) == location).ToList();
    }

    /// <summary>The newest operations on one VM, newest first.</summary>
    public async Task<IReadOnlyList<VmOperationView>> RecentOperationsAsync(int vmId, int take = 10, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Operations.AsNoTracking()
            .Where(o => o.VirtualMachineId == vmId)
            .OrderByDescending(o => o.CreatedTime).Take(take)
            .Select(o => new VmOperationView(o.Id, o.Kind, o.Status, o.Progress, o.StatusMessage, o.ErrorCode, o.ErrorMessage, o.CreatedTime, o.CompletedTime))
            .ToListAsync(ct);
    }

    private string? LocationOf(string mediaLink)
    {
        try { return disks.Resolve(new Uri(mediaLink)).Account.Location; }
        catch (ArgumentException) { return null; }
    }

    public async Task<PortalResult<VmDetails>> GetAsync(string serviceName, string vmName, CancellationToken ct = default)
    {
        if (VmLoader.CheckNames(serviceName, vmName) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.WithDisks().AsNoTracking().Named(serviceName, vmName).SingleOrDefaultAsync(ct);
        if (vm is null) return PortalError.NotFound($"Virtual machine '{vmName}' in cloud service '{serviceName}'");

        var views = await Task.WhenAll(vm.Disks.Select(d => ViewAsync(d, vm, ct)));
        var os = views.Single(d => d.Lun is null);
        // A blob deleted by hand in the storage account leaves the VM in the catalogue: it is shown, flagged, not a 500.
        var guest = os.BlobMissing == false ? await ReadGuestAsync(os.MediaLink, ct) : null;
        return new VmDetails(
            (await FlagClonesAsync(db, [SummaryOf(vm)], ct))[0], os, views.Where(d => d.Lun is not null).OrderBy(d => d.Lun).ToList(), vm.Endpoints,
            vm.VirtualNetworkName, vm.SubnetName, guest, vm.ActiveOperationId, TagRules.ToMap(vm.Tags));
    }

    private async Task<GuestView?> ReadGuestAsync(string mediaLink, CancellationToken ct)
    {
        try { return (await disks.ReadGuestRecordAsync(new Uri(mediaLink), ct)).Value is { } g ? ToView(g) : null; }
        catch (Azure.RequestFailedException) { return null; }
    }

    private async Task<DiskView> ViewAsync(Disk disk, VirtualMachine vm, CancellationToken ct)
    {
        var blob = await disks.ProbeAsync(disk.MediaLink, ct);
        return new(disk.Name, disk.MediaLink, disk.Label, disk.HostCaching, disk.LogicalSizeInGb, blob.AllocatedBytes, disk.Lun, disk.Os,
            new DiskAttachment(vm.CloudService!.Name, vm.Name), blob.Missing);
    }

    private static GuestView ToView(GuestRecord g) =>
        new(g.ComputerName, g.AdminUserName, g.MachineId, g.Generalized, g.Provisioned, g.BootCount, g.LastBootTime, g.Running, g.LastShutdownUnexpected);

    private static readonly System.Linq.Expressions.Expression<Func<VirtualMachine, VmSummary>> Summary = v => new VmSummary(
        v.Id, v.Name, v.CloudService!.Name, v.CloudService.Location, v.InstanceSize, v.Os, v.Status, v.PowerState,
        v.GuestReady, v.SourceImageName, v.Disks.Count(d => d.Lun != null), v.ActiveOperationId != null, v.MachineId, false);

    private static readonly Func<VirtualMachine, VmSummary> SummaryOf = Summary.Compile();
}
