using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;

namespace VmPortal.Bench;

/// <summary>One location's replication, and the raw SDK copies of the same disks into the same account (their sum).</summary>
public sealed record ReplicaTimes(string Location, TimeSpan Replication, TimeSpan RawCopies);

/// <summary>
/// Replicating a VM image of a 127 GiB OS disk and four 1023 GiB data disks from West US into two other locations' accounts
/// (the portal's application layer, its worker, one operation per location), against the raw SDK cross-account copy calls for
/// the same disks in the same run: the replication does not grow with what the disks hold, since no byte passes the portal.
/// </summary>
public sealed class ReplicaBench : IAsyncDisposable
{
    public static readonly string[] Targets = ["North Europe", "West Europe"];
    private readonly IHost _host;
    private readonly BlobAccount _west;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-replica-bench-").FullName;
    private int _round;

    public ReplicaBench(string connectionString, string accountName, IReadOnlyList<(string Name, string Location, string ConnectionString)> others)
    {
        _host = BenchHost.Build(connectionString, accountName, _dataPath, moreAccounts: others);
        _west = _host.Services.GetRequiredService<BlobAccounts>().Get(accountName);
    }

    public Task StartAsync() => _host.StartAsync();

    public async Task<List<ReplicaTimes>> MeasureAsync(long writtenPerDisk)
    {
        var name = $"bench-image-{++_round}";
        var disks = await CreateImageAsync(name, writtenPerDisk);
        var rows = new List<ReplicaTimes>();
        foreach (var location in Targets)
        {
            var replication = await ReplicateAsync(name, location);
            var account = _host.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == location);
            var raw = TimeSpan.Zero;
            foreach (var disk in disks) raw += await RawCopyAsync(disk, account);
            rows.Add(new ReplicaTimes(location, replication, raw));
        }
        var purge = await _host.Services.GetRequiredService<ImageService>().PurgeAsync(name, deleteVhds: true, "bench");
        await WaitAsync(purge.Succeeded ? purge.Value.Id : throw new InvalidOperationException(purge.Error.Message));
        foreach (var account in _host.Services.GetRequiredService<BlobAccounts>().All)
            await foreach (var item in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = "raw-" }))
                await account.Vhds.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots);
        return rows;
    }

    private async Task<TimeSpan> ReplicateAsync(string image, string location)
    {
        var watch = Stopwatch.StartNew();
        var queued = await _host.Services.GetRequiredService<ImageReplicas>().ReplicateAsync(image, [location], "bench");
        await WaitAsync(queued.Succeeded ? queued.Value.Id : throw new InvalidOperationException(queued.Error.Message));
        watch.Stop();
        return watch.Elapsed;
    }

    private async Task WaitAsync(Guid id)
    {
        var queries = _host.Services.GetRequiredService<OperationQueries>();
        var until = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < until)
        {
            var operation = await queries.GetAsync(id);
            if (operation.Succeeded && operation.Value.Status != VmPortal.Core.Catalogue.OperationStatus.InProgress)
            {
                if (operation.Value.Status != VmPortal.Core.Catalogue.OperationStatus.Succeeded)
                    throw new InvalidOperationException($"{operation.Value.Kind} failed: {operation.Value.Error?.Message}");
                return;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"Operation {id} did not finish");
    }

    /// <summary>The SDK alone: a server-side copy from a read-only SAS of the source, polled to success — no snapshot, naming or verification.</summary>
    private async Task<TimeSpan> RawCopyAsync(Uri disk, BlobAccount into)
    {
        var source = _host.Services.GetRequiredService<DiskStore>().Resolve(disk).Blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
        var target = into.Vhds.GetPageBlobClient($"raw-{Guid.NewGuid():N}.vhd");
        var watch = Stopwatch.StartNew();
        await target.StartCopyFromUriAsync(source);
        while ((await target.GetPropertiesAsync()).Value.CopyStatus == CopyStatus.Pending) await Task.Delay(10);
        watch.Stop();
        return watch.Elapsed;
    }

    private async Task<List<Uri>> CreateImageAsync(string name, long writtenPerDisk)
    {
        var store = _host.Services.GetRequiredService<DiskStore>();
        var specs = new (int? Lun, int SizeInGb)[] { (null, 127), (0, 1023), (1, 1023), (2, 1023), (3, 1023) };
        var uris = new List<Uri>();
        foreach (var (lun, size) in specs)
        {
            var uri = await store.CreateEmptyDiskAsync(_west, $"src-{name}-{lun?.ToString(CultureInfo.InvariantCulture) ?? "os"}.vhd", size);
            await SpreadData.WriteAsync(store, uri, size * VhdFooter.GiB, writtenPerDisk);
            // Registration takes an OS disk only with a guest record on it: a specialized Linux guest, as a capture leaves one.
            if (lun is null)
                await store.WriteGuestRecordAsync(uri, new GuestRecord
                {
                    Os = OsType.Linux, ComputerName = "vm", AdminUserName = "bench", MachineId = Guid.NewGuid(), Provisioned = true,
                });
            uris.Add(uri);
        }
        var registered = await _host.Services.GetRequiredService<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest(name, null,
            new OsDiskRegistration(uris[0].AbsoluteUri, "Linux", "Specialized"),
            [.. uris.Skip(1).Select((u, i) => new DataDiskRegistration(u.AbsoluteUri, i))]), "bench");
        if (!registered.Succeeded) throw new InvalidOperationException(registered.Error.Message);
        return uris;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }
}
