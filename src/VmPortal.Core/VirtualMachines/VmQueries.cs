using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.VirtualMachines;

/// <summary>Reads VMs for pages and the API: the list from the catalogue alone, one VM with its guest record and allocated sizes.</summary>
public sealed class VmQueries(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks)
{
    /// <summary>
    /// The VM list page's rows. In every order (<see cref="VmListKeys"/>: the default, and the sorts by cloud service,
    /// name, status, OS, location, size and data disks) a page with <see cref="VmListQuery.After"/> starts just past that row — or, with
    /// <see cref="VmListQuery.FromEnd"/>, ends just before it — by an index seek, and takes its total from the token; a
    /// page <see cref="VmListQuery.FromEnd"/> without a key is the last one, read backward from the end; a jump to a page not
    /// reached yet reads by OFFSET. The total is read once, from <see cref="CatalogueCounts"/> when only a status narrows the list.
    /// </summary>
    public async Task<Page<VmSummary>> ListAsync(VmListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vms = await FilteredAsync(db, query, ct);
        var total = query.After?.Total ?? await (Counted(db, query) ?? vms.CountAsync)(ct);
        // Backward is the same order read from the other end; the rows are turned round again in memory.
        var descending = query.Descending != query.FromEnd;
        if (query.After is { } after) vms = VmListKeys.Beyond(vms, query.Sort, descending, after.After, rowValues: db.Database.IsNpgsql());
        else if (!query.FromEnd && query.Skip > 0) vms = AtSkip(db, vms, query.Sort, descending, query.Skip, query.Take, total);
        var rows = await Sorted(vms, query.Sort, descending).Take(query.Take + 1).Select(Summary).ToListAsync(ct);
        var more = rows.Count > query.Take;
        if (more) rows.RemoveAt(query.Take);
        if (query.FromEnd) rows.Reverse();
        // A page read backward from a row ends where that row's page starts; one read from the end is the last.
        var next = query.Take > 0 && rows.Count > 0 && (query.FromEnd ? query.After is not null : more)
            ? new Continuation(VmListKeys.Of(rows[^1], query.Sort), total).Encode()
            : null;
        return new Page<VmSummary>(await FlagClonesAsync(db, rows, ct), total, next);
    }

    /// <summary>
    /// The list as API.md's <c>Vm</c> shape: each VM with its disks from the catalogue alone. Reading every guest
    /// record and page range would make a list cost grow with the estate, so those come with one VM (<see cref="GetAsync"/>).
    /// </summary>
    public async Task<Page<VmDetails>> ListDetailsAsync(VmListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = await FilteredAsync(db, query, ct);
        var total = query.After?.Total ?? await (Counted(db, query) ?? filtered.CountAsync)(ct);
        var (skip, atSkip) = (query.Skip, (IQueryable<VirtualMachine>?)null);
        if (query.After is null && skip > 0)
        {
            atSkip = AtSkip(db, filtered, null, false, skip, query.Take, total);
            skip = 0;
        }
        return await filtered.KeysetPageAsync(_ => Task.FromResult(total), skip, query.Take, query.After,
            (vms, after) => Sorted(after is null ? atSkip ?? vms : VmListKeys.Beyond(vms, null, false, after, rowValues: db.Database.IsNpgsql()), null, false)
                .Include(v => v.Disks).AsNoTracking(),
            vm => [vm.ServiceName, vm.Name],
            async page =>
            {
                var summaries = await FlagClonesAsync(db, page.Select(SummaryOf).ToList(), ct);
                return page.Zip(summaries, (vm, summary) =>
                {
                    var views = vm.Disks.Select(d => new DiskView(d.Name, d.MediaLink, d.Label, d.HostCaching, d.LogicalSizeInGb, null, d.Lun, d.Os,
                        new DiskAttachment(vm.ServiceName, vm.Name))).ToList();
                    return new VmDetails(summary, views.Single(d => d.Lun is null), views.Where(d => d.Lun is not null).OrderBy(d => d.Lun).ToList(),
                        vm.Endpoints, vm.VirtualNetworkName, vm.SubnetName, null, vm.ActiveOperationId, TagRules.ToMap(vm.Tags));
                }).ToList();
            }, ct);
    }

    /// <summary>
    /// A page by skip finds its rows' ids first, by OFFSET over the order's index alone (each holds the id), and only then
    /// reads those rows: an OFFSET over whole rows read every row it skipped (the default order's rows joined to their
    /// service). Past the middle of the list the ids are read backward from its end, so no page skips over more than half
    /// the list. (A total read a moment before may miss rows added since; a page by skip is no snapshot either way.)
    /// </summary>
    private static IQueryable<VirtualMachine> AtSkip(
        PortalDbContext db, IQueryable<VirtualMachine> vms, VmSort? sort, bool descending, int skip, int take, int total)
    {
        var ids = skip > total / 2 && skip < total
            ? Sorted(vms, sort, !descending).Skip(Math.Max(0, total - skip - take - 1)).Take(Math.Min(take + 1, total - skip)).Select(v => v.Id)
            : Sorted(vms, sort, descending).Skip(skip).Take(take + 1).Select(v => v.Id);
        return db.VirtualMachines.Where(v => ids.Contains(v.Id));
    }

    /// <summary>
    /// The list's total without counting rows when nothing but a status narrows it (<see cref="CatalogueCounts"/> keeps VMs
    /// by status); a search or any other filter is counted.
    /// </summary>
    private static Func<CancellationToken, Task<int>>? Counted(PortalDbContext db, VmListQuery query) =>
        query with { Status = null, Skip = 0, Take = 0, Sort = null, Descending = false, After = null, Tags = null, FromEnd = false } == new VmListQuery(Take: 0)
        && query.Tags is null or { Count: 0 }
            ? ct => CatalogueCounts.VmsAsync(db, query.Status, ct)
            : null;

    private static async Task<IQueryable<VirtualMachine>> FilteredAsync(PortalDbContext db, VmListQuery query, CancellationToken ct)
    {
        var vms = db.VirtualMachines.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Search)) vms = await SearchedAsync(db, vms, query.Search.Trim(), ct);
        if (!string.IsNullOrWhiteSpace(query.Service))
        {
            // Any case finds the service (R28 names are lowercase); a name no service can have finds none.
            var service = NameRules.CloudServiceKey(query.Service);
            vms = service.Succeeded ? vms.Where(v => v.ServiceName == service.Value) : vms.Where(_ => false);
        }
        if (query.Status is { } status) vms = vms.Where(v => v.Status == status);
        if (query.Os is { } os) vms = vms.Where(v => v.Os == os);
        if (!string.IsNullOrWhiteSpace(query.Location)) vms = vms.Where(v => v.Location == query.Location);
        if (!string.IsNullOrWhiteSpace(query.InstanceSize)) vms = vms.Where(v => v.InstanceSize == query.InstanceSize);
        foreach (var tag in query.Tags ?? [])
        {
            var (key, value) = (tag.Key, tag.Value);
            vms = value is null ? vms.Where(v => v.Tags.Any(t => t.Key == key)) : vms.Where(v => v.Tags.Any(t => t.Key == key && t.Value == value));
        }
        return vms;
    }

    /// <summary>
    /// A VM matches a search when its name or its cloud service's name contains the text, in any case (both are ASCII).
    /// Three characters or more are looked up in <see cref="SearchIndexes"/>; shorter text is scanned for.
    /// </summary>
    private static async Task<IQueryable<VirtualMachine>> SearchedAsync(PortalDbContext db, IQueryable<VirtualMachine> vms, string text, CancellationToken ct)
    {
        if (SearchText.IsIndexed(text) && db.Database.IsSqlite())
        {
            var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM \"VmSearch\" WHERE \"VmSearch\" MATCH {SearchText.Phrase(text)}");
            return vms.Where(v => ids.Contains(v.Id));
        }
        var pattern = SearchText.Contains(text);
        if (db.Database.IsNpgsql())
        {
            // The matching services first (a few ids), so the VMs' two conditions are index lookups PostgreSQL can OR together.
            var services = await db.CloudServices.Where(c => EF.Functions.ILike(c.Name, pattern, @"\")).Select(c => c.Id).ToListAsync(ct);
            return vms.Where(v => EF.Functions.ILike(v.Name, pattern, @"\") || services.Contains(v.CloudServiceId));
        }
        // SQLite's LIKE ignores ASCII case.
        return vms.Where(v => EF.Functions.Like(v.Name, pattern, @"\") || EF.Functions.Like(v.CloudService!.Name, pattern, @"\"));
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

    /// <summary>The default order (and the cloud-service sort) is cloud service, then name; any other sort ends on the id, so pages never overlap.</summary>
    private static IQueryable<VirtualMachine> Sorted(IQueryable<VirtualMachine> vms, VmSort? sort, bool descending)
    {
        // By cloud service, its VMs by name: the default order, either way round, over the copy of the service's name on the row.
        if (sort is null or VmSort.Service)
        {
            return descending
                ? vms.OrderByDescending(v => v.ServiceName).ThenByDescending(v => v.Name)
                : vms.OrderBy(v => v.ServiceName).ThenBy(v => v.Name);
        }
        IOrderedQueryable<VirtualMachine> By<TKey>(System.Linq.Expressions.Expression<Func<VirtualMachine, TKey>> key) =>
            descending ? vms.OrderByDescending(key) : vms.OrderBy(key);
        var ordered = sort switch
        {
            VmSort.Status => By(v => v.Status),
            VmSort.Os => By(v => v.Os),
            VmSort.Location => By(v => v.Location),
            VmSort.InstanceSize => By(v => v.InstanceSize),
            VmSort.DataDisks => By(v => v.DataDiskCount),
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
        if (vm is null) return PortalError.NotFound(VmMessages.Format("WhatVm", vmName, serviceName));

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
        v.Id, v.Name, v.ServiceName, v.Location, v.InstanceSize, v.Os, v.Status, v.PowerState,
        v.GuestReady, v.SourceImageName, v.DataDiskCount, v.ActiveOperationId != null, v.MachineId, false);

    private static readonly Func<VirtualMachine, VmSummary> SummaryOf = Summary.Compile();
}
