using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;

namespace VmPortal.Core.Disks;

public sealed record DiskAttachment(string ServiceName, string VmName);

/// <summary>
/// A disk as API.md shows it. <see cref="AllocatedBytes"/> is null when its blob could not be read; <see cref="BlobMissing"/>
/// is true when storage says the blob is gone (deleted outside the portal), false when it was read, and null where storage
/// was not asked (lists of VMs) or could not answer.
/// </summary>
public sealed record DiskView(
    string Name, string MediaLink, string? Label, HostCaching HostCaching, int LogicalSizeInGb, long? AllocatedBytes,
    int? Lun, OsType? Os, DiskAttachment? AttachedTo, bool? BlobMissing = null);

/// <summary>Disks in the catalogue: list them with what their blobs really store, and delete an unattached one.</summary>
public sealed class DiskService(IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, OperationQueue queue)
{
    private static IQueryable<Disk> After(IQueryable<Disk> disks, IReadOnlyList<string>? after) =>
        // Translated to SQL's "<" on the unique name index, ordered by the database's collation as ORDER BY is.
#pragma warning disable CA1309
        after is [var name] ? disks.Where(d => string.Compare(d.Name, name) > 0) : disks;
#pragma warning restore CA1309

    /// <summary>How many blobs are asked for their allocated size at once while listing.</summary>
    public const int AllocatedBytesParallelism = 4;

    public Task<PortalResult<Page<DiskView>>> ListAsync(int? skip, int? take, CancellationToken cancellationToken = default) =>
        ListAsync(skip, take, continuationToken: null, cancellationToken);

    /// <summary>By name; a <paramref name="continuationToken"/> from the previous page seeks past its name on the unique name index.</summary>
    public async Task<PortalResult<Page<DiskView>>> ListAsync(int? skip, int? take, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var request = PageRequest.Create(skip, take);
        if (!request.Succeeded) return request.Error;
        var after = Continuation.Parse(continuationToken, skip, keys: 1);
        if (!after.Succeeded) return after.Error;
        Page<DiskView> page;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            page = await db.Disks.KeysetPageAsync(
                ct => Data.CatalogueCounts.OfAsync(db, Data.CatalogueCounts.Disks, ct), request.Value.Skip, request.Value.Take, after.Value,
                (disks, key) => After(disks, key).OrderBy(d => d.Name).Select(d => new DiskView(
                    d.Name, d.MediaLink, d.Label, d.HostCaching, d.LogicalSizeInGb, null, d.Lun, d.Os,
                    d.VirtualMachine == null ? null : new DiskAttachment(d.VirtualMachine.CloudService!.Name, d.VirtualMachine.Name))),
                d => [d.Name], rows => Task.FromResult(rows), cancellationToken);
        }

        return await WithBlobsAsync(page, cancellationToken);
    }

    /// <summary>One request to storage per disk, a few at a time: a long list neither crawls nor floods the account.</summary>
    private async Task<PortalResult<Page<DiskView>>> WithBlobsAsync(Page<DiskView> page, CancellationToken cancellationToken)
    {
        var disks = page.Items;
        var probes = new BlobProbe[disks.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, disks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = AllocatedBytesParallelism, CancellationToken = cancellationToken },
            async (i, ct) => probes[i] = await store.ProbeAsync(disks[i].MediaLink, ct));
        return new Page<DiskView>(disks.Select((d, i) => d with { AllocatedBytes = probes[i].AllocatedBytes, BlobMissing = probes[i].Missing }).ToList(),
            page.Total, page.ContinuationToken);
    }

    /// <summary>
    /// The disks page: filtered and sorted in the database, one page read by OFFSET (a disks grid is paged by number), and each
    /// disk on it asked for what its blob stores.
    /// </summary>
    public async Task<PortalResult<Page<DiskView>>> ListAsync(DiskListQuery query, CancellationToken cancellationToken = default)
    {
        var request = PageRequest.Create(query.Skip, query.Take);
        if (!request.Succeeded) return request.Error;
        if (query.Search is { Length: > DiskListQuery.MaxSearchLength })
            return PortalError.Validation("search", DiskMessages.Format("SearchTooLong", query.Search.Length, DiskListQuery.MaxSearchLength));
        Page<DiskView> page;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var disks = Filter(db.Disks.AsNoTracking(), query);
            var total = query.IsUnfiltered
                ? await Data.CatalogueCounts.OfAsync(db, Data.CatalogueCounts.Disks, cancellationToken)
                : await disks.CountAsync(cancellationToken);
            var rows = await Sorted(disks, query.Sort, query.Descending).Skip(request.Value.Skip).Take(request.Value.Take)
                .Select(d => new DiskView(d.Name, d.MediaLink, d.Label, d.HostCaching, d.LogicalSizeInGb, null, d.Lun, d.Os,
                    d.VirtualMachine == null ? null : new DiskAttachment(d.VirtualMachine.CloudService!.Name, d.VirtualMachine.Name)))
                .ToListAsync(cancellationToken);
            page = new Page<DiskView>(rows, total, null);
        }
        return await WithBlobsAsync(page, cancellationToken);
    }

    private static IQueryable<Disk> Filter(IQueryable<Disk> disks, DiskListQuery query)
    {
        if (query.Attached is { } attached) disks = attached ? disks.Where(d => d.VirtualMachineId != null) : disks.Where(d => d.VirtualMachineId == null);
        if (string.IsNullOrWhiteSpace(query.Search)) return disks;
        var text = query.Search.Trim().ToUpperInvariant();
        // Both sides upper-cased, in SQL, on either provider: "SQL01" finds sql01's disks.
#pragma warning disable CA1304, CA1311 // EF Core translates ToUpper() to SQL upper().
        return disks.Where(d => d.Name.ToUpper().Contains(text) || (d.Label != null && d.Label.ToUpper().Contains(text))
            || (d.VirtualMachine != null && (d.VirtualMachine.Name.ToUpper().Contains(text) || d.VirtualMachine.CloudService!.Name.ToUpper().Contains(text))));
#pragma warning restore CA1304, CA1311
    }

    /// <summary>Ties broken by the unique name, so a page boundary never splits or repeats a row.</summary>
    private static IQueryable<Disk> Sorted(IQueryable<Disk> disks, DiskSort sort, bool descending) => (sort, descending) switch
    {
        (DiskSort.Size, false) => disks.OrderBy(d => d.LogicalSizeInGb).ThenBy(d => d.Name),
        (DiskSort.Size, true) => disks.OrderByDescending(d => d.LogicalSizeInGb).ThenByDescending(d => d.Name),
        (DiskSort.AttachedTo, false) => disks.OrderBy(d => d.VirtualMachine == null ? null : d.VirtualMachine.CloudService!.Name)
            .ThenBy(d => d.VirtualMachine == null ? null : d.VirtualMachine.Name).ThenBy(d => d.Name),
        (DiskSort.AttachedTo, true) => disks.OrderByDescending(d => d.VirtualMachine == null ? null : d.VirtualMachine.CloudService!.Name)
            .ThenByDescending(d => d.VirtualMachine == null ? null : d.VirtualMachine.Name).ThenByDescending(d => d.Name),
        (_, false) => disks.OrderBy(d => d.Name),
        (_, true) => disks.OrderByDescending(d => d.Name),
    };

    /// <summary>
    /// Queues a <see cref="DeleteDiskHandler"/> operation: the row goes, and with <paramref name="deleteVhd"/> the blob
    /// too unless another disk or image still uses it (R17). An attached disk, or one already being deleted, is
    /// refused with <c>DiskInUse</c> and nothing is queued.
    /// </summary>
    public async Task<PortalResult<OperationView>> DeleteAsync(string name, bool deleteVhd, Actor actor, CancellationToken cancellationToken = default)
    {
        if (NameRules.Disk(name) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await DiskLookup.FindAsync(db.Disks.Include(d => d.VirtualMachine).ThenInclude(v => v!.CloudService), name, "name", cancellationToken);
        if (!found.Succeeded) return found.Error;
        if (found.Value is not { } disk) return PortalError.NotFound(DiskMessages.Format("DiskWhat", name));
        name = disk.Name;
        if (disk.VirtualMachine is { } vm)
            return new PortalError(ErrorCodes.DiskInUse,
                DiskMessages.Format("AttachedToVm", name, vm.Name, vm.CloudService?.Name));
        if (await db.Operations.Unfinished(OperationKinds.DeleteDisk, OperationTargets.Disk(name)).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken) is { } running)
            return BeingDeleted(name, running);

        var operation = queue.Add(db, OperationKinds.DeleteDisk, OperationTargets.Disk(name),
            new DeleteDiskPayload(disk.Id, disk.Name, disk.MediaLink, deleteVhd), vm: null, actor)!;
        // A new stamp on the disk: a racing delete or attach that read the same row fails its save instead of going ahead.
        disk.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.DiskInUse, DiskMessages.Format("ChangedWhileDeleteQueued", name));
        }
        queue.Wake();
        return OperationView.From(operation);
    }

    private static PortalError BeingDeleted(string name, Guid operationId) =>
        new(ErrorCodes.DiskInUse, DiskMessages.Format("BeingDeleted", name, operationId));
}
