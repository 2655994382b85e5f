using System.Diagnostics;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;

namespace VmPortal.Bench;

public sealed record HealthTimes(int Blobs, int Orphans, int Problems, TimeSpan Check, long AllocatedBytes);

/// <summary>
/// The storage health check (the portal's application layer) over a disk container of many page blobs, nearly all of them
/// disks the catalogue knows and one in a hundred an orphan: how long one check takes, and how much it allocates.
/// </summary>
public sealed class HealthBench : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly BlobAccount _account;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-health-bench-").FullName;
    private int _made;

    public HealthBench(string connectionString, string accountName)
    {
        _host = BenchHost.Build(connectionString, accountName, _dataPath);
        _account = _host.Services.GetRequiredService<BlobAccounts>().All[0];
    }

    public Task StartAsync() => _host.StartAsync();

    /// <summary>Grows the estate to <paramref name="blobs"/> bench blobs (disks, and every hundredth an orphan), then checks it.</summary>
    public async Task<HealthTimes> MeasureAsync(int blobs)
    {
        var orphans = await GrowToAsync(blobs);
        var check = _host.Services.GetRequiredService<StorageHealthCheck>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var report = await check.CheckAsync();
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var found = report.Problems.Count(p => p.Kind == StorageProblemKind.OrphanBlob && p.Blob!.Contains("/bench-", StringComparison.Ordinal));
        if (found != orphans) throw new InvalidOperationException($"The check found {found} of the {orphans} orphans.");
        return new HealthTimes(report.Blobs, orphans, report.Problems.Count, watch.Elapsed, allocated);
    }

    /// <summary>Empty page blobs (a footer's worth: creating them is all the check needs), each registered as a disk unless an orphan.</summary>
    private async Task<int> GrowToAsync(int blobs)
    {
        var from = _made;
        var disks = new System.Collections.Concurrent.ConcurrentBag<Disk>();
        await Parallel.ForAsync(from, blobs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var blob = _account.Vhds.GetPageBlobClient($"bench-{i:000000}.vhd");
            await blob.CreateAsync(VhdFooter.MiB + VhdFooter.Size, cancellationToken: ct);
            if (i % 100 != 0)
                disks.Add(new Disk { Name = $"bench-{i:000000}", MediaLink = blob.Uri.AbsoluteUri, LogicalSizeInGb = 1, CreatedTime = DateTimeOffset.UtcNow });
        });
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Disks.AddRange(disks);
            await db.SaveChangesAsync();
        }
        _made = blobs;
        return (blobs + 99) / 100;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }
}
