using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;

namespace VmPortal.Bench;

public sealed record CaptureTimes(TimeSpan Capture, TimeSpan RawCopies);

/// <summary>
/// A whole capture (the portal's application layer, its worker and fabric) of a VM with a 127 GiB OS
/// disk and four 1023 GiB data disks, against the raw SDK copy calls for the same disks in the same run.
/// </summary>
public sealed class CaptureBench : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly BlobAccount _account;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-capture-bench-").FullName;
    private int _round;

    public CaptureBench(string connectionString, string accountName)
    {
        _host = BenchHost.Build(connectionString, accountName, _dataPath);
        _account = _host.Services.GetRequiredService<BlobAccounts>().All[0];
    }

    public Task StartAsync() => _host.StartAsync();

    public async Task<CaptureTimes> MeasureAsync(long writtenPerDisk)
    {
        var round = ++_round;
        var service = $"bench{round}";
        var disks = await CreateVmAsync(service, writtenPerDisk);

        var events = _host.Services.GetRequiredService<OperationEvents>();
        var done = new TaskCompletionSource<OperationUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid? id = null;
        using var watch = events.Subscribe(u => { if (u.Id == id && u.Status != OperationStatus.InProgress) done.TrySetResult(u); });
        var capture = Stopwatch.StartNew();
        var result = await _host.Services.GetRequiredService<CaptureService>()
            .CaptureAsync(service, "vm", new CaptureRequest("Specialized", $"bench-image-{round}"), "bench");
        id = result.Succeeded ? result.Value.Id : throw new InvalidOperationException(result.Error.Message);
        var outcome = await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        capture.Stop();
        if (outcome.Status != OperationStatus.Succeeded) throw new InvalidOperationException(outcome.ErrorMessage);

        var raw = TimeSpan.Zero;
        foreach (var disk in disks) raw += await RawCopyAsync(disk);
        await DeleteAllAsync();
        return new CaptureTimes(capture.Elapsed, raw);
    }

    /// <summary>The SDK alone: start a server-side copy and poll it to success — no snapshot, naming or verification.</summary>
    private async Task<TimeSpan> RawCopyAsync(Uri disk)
    {
        var target = _account.Vhds.GetPageBlobClient($"raw-{Guid.NewGuid():N}.vhd");
        var watch = Stopwatch.StartNew();
        await target.StartCopyFromUriAsync(disk);
        while ((await target.GetPropertiesAsync()).Value.CopyStatus == CopyStatus.Pending) await Task.Delay(10);
        watch.Stop();
        return watch.Elapsed;
    }

    private async Task<List<Uri>> CreateVmAsync(string service, long writtenPerDisk)
    {
        var store = _host.Services.GetRequiredService<DiskStore>();
        var specs = new (int? Lun, int SizeInGb)[] { (null, 127), (0, 1023), (1, 1023), (2, 1023), (3, 1023) };
        var vm = new VirtualMachine
        {
            Name = "vm", InstanceSize = "Large", Os = OsType.Linux, Status = VmStatus.StoppedVM, PowerState = PowerState.Stopped,
            CreatedTime = DateTimeOffset.UtcNow,
        };
        var uris = new List<Uri>();
        foreach (var (lun, size) in specs)
        {
            var name = lun is null ? $"{service}-vm-os.vhd" : $"{service}-vm-data{lun}.vhd";
            var uri = await store.CreateEmptyDiskAsync(_account, name, size);
            await SpreadData.WriteAsync(store, uri, size * VhdFooter.GiB, writtenPerDisk);
            if (lun is null)
                await store.WriteGuestRecordAsync(uri, GuestRecord.GeneralizedImage(OsType.Linux) with
                {
                    Generalized = false,
                    Provisioned = true,
                    MachineId = Guid.NewGuid(),
                    ComputerName = "vm",
                    AdminUserName = "bench",
                });
            vm.Disks.Add(new Disk
            {
                Name = Path.GetFileNameWithoutExtension(name), MediaLink = uri.AbsoluteUri, LogicalSizeInGb = size, Lun = lun,
                Os = lun is null ? OsType.Linux : null, CreatedTime = DateTimeOffset.UtcNow,
            });
            uris.Add(uri);
        }
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.CloudServices.Add(new CloudService { Name = service, Location = "West US", CreatedTime = DateTimeOffset.UtcNow, VirtualMachines = [vm] });
        await db.SaveChangesAsync();
        return uris;
    }

    private async Task DeleteAllAsync()
    {
        await foreach (var item in _account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = "bench" }))
        {
            try { await _account.Vhds.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots); }
            catch (RequestFailedException) { /* a leftover is only disk space in a temp folder */ }
        }
        await foreach (var item in _account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = "raw-" }))
            await _account.Vhds.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }
}
