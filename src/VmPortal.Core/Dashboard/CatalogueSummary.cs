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

/// <summary>Reads the dashboard's counts in one short-lived context.</summary>
public sealed class CatalogueSummaryService(IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly VmStatus[] Running = [VmStatus.StartingVM, VmStatus.RoleStateUnknown, VmStatus.ReadyRole];
    private static readonly VmStatus[] Stopped = [VmStatus.StoppedVM, VmStatus.StoppedDeallocated];

    public async Task<CatalogueSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new CatalogueSummary(
            await db.VirtualMachines.CountAsync(cancellationToken),
            await db.VirtualMachines.CountAsync(v => Running.Contains(v.Status), cancellationToken),
            await db.VirtualMachines.CountAsync(v => Stopped.Contains(v.Status), cancellationToken),
            await db.Images.CountAsync(i => i.Kind == ImageKind.OSImage && i.DeletedTime == null, cancellationToken),
            await db.Images.CountAsync(i => i.Kind == ImageKind.VMImage && i.DeletedTime == null, cancellationToken),
            await db.Disks.CountAsync(cancellationToken),
            await db.CloudServices.CountAsync(cancellationToken),
            await db.StorageAccounts.CountAsync(cancellationToken),
            await db.Operations.CountAsync(o => o.Status == OperationStatus.InProgress, cancellationToken));
    }

    /// <summary>How many VMs are in each status; statuses no VM has are left out.</summary>
    public async Task<IReadOnlyDictionary<VmStatus, int>> VmsByStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.VirtualMachines.GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }
}
