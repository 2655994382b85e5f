using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;

namespace VmPortal.Web.Tests;

/// <summary>
/// The fabric as the pages see it in bUnit: no worker runs here, so no guest is ever powered or inspected; the pages
/// only ask what the fabric can do (whether a running guest's disks may change).
/// </summary>
public sealed class WorkerlessFabric : IFabric
{
    public bool ChangesDisksWhileRunning { get; set; } = true;

    public Task<GuestRecord> PowerOnAsync(FabricVm vm, ProvisioningRequest? provisioning, Func<BootPhase, Task> onPhase, CancellationToken cancellationToken) =>
        throw NoWorker();

    public Task PowerOffAsync(FabricVm vm, bool deallocate, CancellationToken cancellationToken) => throw NoWorker();

    public Task GeneralizeAsync(FabricVm vm, CancellationToken cancellationToken) => throw NoWorker();

    public Task<GuestRecord> InspectAsync(FabricVm vm, CancellationToken cancellationToken) => throw NoWorker();

    public Task<IAsyncDisposable> PauseGuestWritesAsync(int vmId, CancellationToken cancellationToken) => throw NoWorker();

    private static InvalidOperationException NoWorker() =>
        new("bUnit runs no operation worker: a page must queue fabric work, never call the fabric itself.");
}
