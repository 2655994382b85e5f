using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core.Catalog;

public sealed record VmRow(string Name, string ServiceName, string Location, string InstanceSize, OsType Os, VmStatus Status);
public sealed record ImageRow(string Name, string Label, ImageKind Kind, ImageCategory Category, OsType Os, OsState OsState, string Location, DateTimeOffset CreatedTime);
public sealed record DiskRow(string Name, string MediaLink, int LogicalSizeInGb, HostCaching HostCaching, OsType? Os, int? Lun, string? AttachedTo);
public sealed record CloudServiceRow(string Name, string Location, string? Label, int VirtualMachines, DateTimeOffset CreatedTime);
public sealed record StorageAccountRow(string Name, string Location, string BlobEndpoint);
public sealed record OperationRow(Guid Id, string Kind, string Target, OperationStatus Status, int Progress, string? ErrorMessage, DateTimeOffset CreatedTime, DateTimeOffset? CompletedTime);

/// <summary>Read-only lists of the catalogue for the portal's pages, newest or alphabetical as a console shows them.</summary>
public sealed class CatalogBrowser(IDbContextFactory<PortalDbContext> dbFactory)
{
    private const int Page = 500;

    public Task<List<VmRow>> VirtualMachinesAsync(CancellationToken ct = default) => Query(db => db.VirtualMachines
        .OrderBy(v => v.CloudService!.Name).ThenBy(v => v.Name).Take(Page)
        .Select(v => new VmRow(v.Name, v.CloudService!.Name, v.CloudService.Location, v.InstanceSize, v.Os, v.Status)), ct);

    /// <summary>OS images first, then VM images (R14).</summary>
    public Task<List<ImageRow>> ImagesAsync(CancellationToken ct = default) => Query(db => db.Images
        .OrderBy(i => i.Kind == ImageKind.OSImage ? 0 : 1).ThenBy(i => i.Name).Take(Page)
        .Select(i => new ImageRow(i.Name, i.Label, i.Kind, i.Category, i.Os, i.OsState, i.Location, i.CreatedTime)), ct);

    public Task<List<DiskRow>> DisksAsync(CancellationToken ct = default) => Query(db => db.Disks
        .OrderBy(d => d.Name).Take(Page)
        .Select(d => new DiskRow(d.Name, d.MediaLink, d.LogicalSizeInGb, d.HostCaching, d.Os, d.Lun,
            d.VirtualMachine == null ? null : d.VirtualMachine.CloudService!.Name + "/" + d.VirtualMachine.Name)), ct);

    public Task<List<CloudServiceRow>> CloudServicesAsync(CancellationToken ct = default) => Query(db => db.CloudServices
        .OrderBy(c => c.Name).Take(Page)
        .Select(c => new CloudServiceRow(c.Name, c.Location, c.Label, c.VirtualMachines.Count, c.CreatedTime)), ct);

    public Task<List<StorageAccountRow>> StorageAccountsAsync(CancellationToken ct = default) => Query(db => db.StorageAccounts
        .OrderBy(a => a.Name)
        .Select(a => new StorageAccountRow(a.Name, a.Location, a.BlobEndpoint)), ct);

    public Task<List<OperationRow>> OperationsAsync(CancellationToken ct = default) => Query(db => db.Operations
        .OrderByDescending(o => o.CreatedTime).Take(Page)
        .Select(o => new OperationRow(o.Id, o.Kind, o.Target, o.Status, o.Progress, o.ErrorMessage, o.CreatedTime, o.CompletedTime)), ct);

    private async Task<List<T>> Query<T>(Func<PortalDbContext, IQueryable<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db).ToListAsync(ct);
    }
}
