using System.Globalization;
using System.Net;
using System.Net.Sockets;
using VmPortal.Bench;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

// Benchmarks on a private Azurite (never part of a test run):
//   copy    — server-side copy (DiskStore.CopyAsync, R7/R8) against a client-side download+upload of the same blob:
//             a capture's cost does not grow with disk size while a client copy's does.
//   capture — a whole capture of a VM (127 GiB OS disk + four 1023 GiB data disks) against the raw SDK copy calls
//             for the same disks: the capture stays within a small factor of the copies, whatever is written.
//   health  — the storage health check over 1,000, 10,000 and 100,000 page blobs (one in a hundred an orphan):
//             it reads the listing page by page, so its time grows with the blobs and its memory with the problems.
//   scale   — the list routes and the dashboard on 100, 10,000 and 100,000 VMs and up to 20,000 images, on SQLite and,
//             when VMPORTAL_BENCH_POSTGRES names a server (an Npgsql connection string), on PostgreSQL too;
//   scale-postgres — the same on PostgreSQL alone.
//   replica — replicating a VM image (127 GiB OS disk + four 1023 GiB data disks) from West US into two other locations'
//             accounts, one operation per location, against the raw SDK cross-account copies of the same disks: the time
//             per location does not grow with what the disks hold.
//   idle    — the portal's and Azurite's CPU over a minute in which 1,000 running VMs idle and nobody asks anything.
//   upload  — R18: a 30 GiB sparse fixed VHD with 1 GiB written (issue 17's case), and a 127 GiB one with 64 MiB and 1 GiB
//             written, uploaded through the upload service as a client sends it (zero chunks skipped), against the raw SDK
//             page writes of the same chunks.
const long MiB = VhdFooter.MiB, GiB = VhdFooter.GiB;
var mode = args.FirstOrDefault() ?? "copy";
int[] sizesInGb = [1, 127, 1023];
long[] writtenBytes = [64 * MiB, 1 * GiB];

var dataDir = Directory.CreateTempSubdirectory("vmportal-bench-").FullName;
var account = new AzuriteAccount("bench", Convert.ToBase64String("vmportal-bench-key-0123456789abc"u8.ToArray()));
AzuriteAccount[] others = mode == "replica"
    ? [new("benchne", Convert.ToBase64String("vmportal-bench-ne-0123456789abcd"u8.ToArray())), new("benchwe", Convert.ToBase64String("vmportal-bench-we-0123456789abcd"u8.ToArray()))]
    : [];
await using (var azurite = await AzuriteProcess.StartAsync(AzuriteLocator.FindBlobMain(null), "127.0.0.1", FreePort(), dataDir, [account, .. others]))
{
    var blobs = new BlobAccount(account.Name, "West US", azurite.ConnectionString(account), BlobAccounts.ClientOptions());
    await blobs.Vhds.CreateIfNotExistsAsync();
    if (mode == "health")
    {
        await using var health = new HealthBench(azurite.ConnectionString(account), account.Name);
        await health.StartAsync();
        Console.WriteLine("| blobs listed | orphans | problems | one check | allocated |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var count in new[] { 1_000, 10_000, 100_000 })
        {
            var row = await health.MeasureAsync(count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Blobs:N0} | {row.Orphans:N0} | {row.Problems:N0} | {row.Check.TotalSeconds:0.00} s | {row.AllocatedBytes / (double)MiB:0} MiB |"));
        }
        return;
    }
    if (mode == "upload")
    {
        await using var upload = new UploadBench(azurite.ConnectionString(account), account.Name);
        await upload.StartAsync();
        await upload.MeasureAsync(1 * GiB, 64 * MiB); // warm-up
        Console.WriteLine("| virtual size | written | bytes sent | sent / virtual | requests | upload (read all + send + complete) | raw SDK page writes of the same chunks |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (virtualSize, written) in new[] { (30 * GiB, 1 * GiB), (127 * GiB, 64 * MiB), (127 * GiB, 1 * GiB) })
        {
            var row = await upload.MeasureAsync(virtualSize, written);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Format(virtualSize)} | {Format(written)} | {row.Sent / (double)MiB:0} MiB | {row.Sent * 100.0 / (row.VirtualSize + 512):0.00} % | {row.Requests:N0} | {row.Upload.TotalSeconds:0.0} s | {row.Raw.TotalSeconds:0.0} s |"));
        }
        return;
    }
    if (mode == "replica")
    {
        await using var replica = new ReplicaBench(azurite.ConnectionString(account), account.Name,
            [.. others.Select((a, i) => (a.Name, ReplicaBench.Targets[i], azurite.ConnectionString(a)))]);
        await replica.StartAsync();
        await replica.MeasureAsync(4 * MiB); // warm-up: JIT, EF model, first requests
        Console.WriteLine("| written per disk | location | replication operation | raw SDK copies (sum) | replication / raw |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var written in writtenBytes)
            foreach (var row in await replica.MeasureAsync(written))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Format(written)} | {row.Location} | {row.Replication.TotalMilliseconds:0} ms | {row.RawCopies.TotalMilliseconds:0.0} ms | {row.Replication / row.RawCopies:0.0}× |"));
        return;
    }
    if (mode == "idle")
    {
        var idle = new IdleBench(azurite.ProcessId, azurite.ConnectionString(account), account.Name);
        var row = await idle.MeasureAsync(1_000, settle: TimeSpan.FromSeconds(30), window: TimeSpan.FromSeconds(60));
        double Share(TimeSpan cpu) => cpu / row.Window * 100;
        Console.WriteLine("| running VMs | idle for | portal CPU | Azurite CPU | together | storage requests | database commands |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {row.Vms:N0} | {row.Window.TotalSeconds:0} s | {Share(row.Portal):0.0} % | {Share(row.Azurite):0.0} % | {Share(row.Portal + row.Azurite):0.0} % of a core | {row.StorageRequests:N0} | {row.DatabaseCommands:N0} |"));
        return;
    }
    if (mode is "scale" or "scale-postgres")
    {
        var scale = new ScaleBench(azurite.ConnectionString(account), account.Name);
        // "scale-postgres" measures the second half alone (each half takes minutes on two cores).
        if (mode == "scale") await scale.RunAsync(VmPortal.Core.Data.DatabaseProvider.Sqlite, null);
        if (Environment.GetEnvironmentVariable("VMPORTAL_BENCH_POSTGRES") is { Length: > 0 } server)
            await scale.RunAsync(VmPortal.Core.Data.DatabaseProvider.PostgreSql, server);
        else
            Console.Error.WriteLine("VMPORTAL_BENCH_POSTGRES is not set: PostgreSQL was not measured.");
    }
    else if (mode == "capture")
    {
        await using var capture = new CaptureBench(azurite.ConnectionString(account), account.Name);
        await capture.StartAsync();
        await capture.MeasureAsync(64 * MiB); // warm-up: JIT, EF model, first requests
        Console.WriteLine("| written per disk | capture operation | raw SDK copies (sum) | capture / raw |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var written in writtenBytes)
        {
            var row = await capture.MeasureAsync(written);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Format(written)} | {row.Capture.TotalMilliseconds:0} ms | {row.RawCopies.TotalMilliseconds:0.0} ms | {row.Capture / row.RawCopies:0.0}× |"));
        }
        return;
    }
    else
    {
        var store = new DiskStore(new BlobAccounts([blobs], embedded: false));
        var bench = new CopyBench(store, blobs);
        await bench.WarmUpAsync();

        Console.WriteLine("| virtual size | written | server-side copy | client-side copy | client / server |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var size in sizesInGb)
            foreach (var written in writtenBytes)
            {
                var row = await bench.MeasureAsync(size, written);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} GiB | {Format(written)} | {row.Server.TotalMilliseconds:0.0} ms | {row.Client.TotalMilliseconds:0} ms | {row.Client / row.Server:0}× |"));
            }
    }
}
Directory.Delete(dataDir, recursive: true);
return;

static string Format(long bytes) => bytes >= GiB ? $"{bytes / GiB} GiB" : $"{bytes / MiB} MiB";

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
