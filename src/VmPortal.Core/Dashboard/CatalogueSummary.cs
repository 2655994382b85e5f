using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Dashboard;

/// <summary>What the dashboard shows: how much of everything there is.</summary>
public sealed record CatalogueSummary(
    int VirtualMachines,
    int RunningVirtualMachines,
    int StoppedVirtualMachines,
    int OsImages,
    int VmImages,
    int Disks,
    int CloudServices,
    int StorageAccounts,
    int OperationsInProgress);

/// <summary>
/// Reads the dashboard's counts in one short-lived context: what the catalogue holds from <see cref="CatalogueCounts"/>
/// (a handful of rows, whatever its size), storage accounts and operations in progress by counting (few, and indexed).
/// </summary>
public sealed class CatalogueSummaryService(IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly VmStatus[] Running = [VmStatus.StartingVM, VmStatus.RoleStateUnknown, VmStatus.ReadyRole];
    private static readonly VmStatus[] Stopped = [VmStatus.StoppedVM, VmStatus.StoppedDeallocated];

    public async Task<CatalogueSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await CatalogueCounts.ReadAsync(db, cancellationToken);
        var byStatus = counts.VmsByStatus();
        return new CatalogueSummary(
            byStatus.Values.Sum(),
            Running.Sum(s => byStatus.GetValueOrDefault(s)),
            Stopped.Sum(s => byStatus.GetValueOrDefault(s)),
            (int)counts.Of(CatalogueCounts.Images(ImageKind.OSImage)),
            (int)counts.Of(CatalogueCounts.Images(ImageKind.VMImage)),
            (int)counts.Of(CatalogueCounts.Disks),
            (int)counts.Of(CatalogueCounts.CloudServices),
            await db.StorageAccounts.CountAsync(cancellationToken),
            await db.Operations.CountAsync(o => o.Status == OperationStatus.InProgress, cancellationToken));
    }

    /// <summary>How many VMs are in each status; statuses no VM has are left out.</summary>
    public async Task<IReadOnlyDictionary<VmStatus, int>> VmsByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await CatalogueCounts.ReadAsync(db, cancellationToken)).VmsByStatus();
    }
}
