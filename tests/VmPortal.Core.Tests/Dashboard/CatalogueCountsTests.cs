using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Dashboard;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Dashboard;

/// <summary>
/// The totals the dashboard and the lists show without counting rows (<see cref="CatalogueCounts"/>, kept by database
/// triggers) stay exact whatever changes the catalogue, by whatever path: each is compared with a count of the rows
/// themselves. The test command runs this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class CatalogueCountsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private VmQueries _vms = null!;
    private ImageQueries _images = null!;
    private CatalogueSummaryService _summary = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        // The lists read the catalogue alone; the store is never asked.
        var store = new DiskStore(new BlobAccounts([], embedded: false));
        _vms = new VmQueries(_database, store);
        _images = new ImageQueries(_database, store, new FakeTimeProvider(Created));
        _summary = new CatalogueSummaryService(_database);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Vm_totals_follow_vms_added_started_and_deleted()
    {
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"), ("beta", "b2"), ("gamma", "c1"));
        await using (var db = _database.CreateDbContext())
        {
            foreach (var vm in db.VirtualMachines.Where(v => v.Name == "a2" || v.Name == "b1")) vm.Status = VmStatus.ReadyRole;
            Assert.Equal(2, await db.SaveChangesAsync());
        }
        await AssertTotalsMatchRowsAsync(vms: 5, running: 2);

        // A delete through the change tracker (the VM with its disk) and one in bulk SQL, as a purge would.
        await using (var db = _database.CreateDbContext())
        {
            var a1 = await db.VirtualMachines.Include(v => v.Disks).SingleAsync(v => v.Name == "a1");
            db.Disks.RemoveRange(a1.Disks);
            db.VirtualMachines.Remove(a1);
            Assert.Equal(2, await db.SaveChangesAsync());
            await db.Disks.Where(d => d.VirtualMachine!.Name == "b1").ExecuteUpdateAsync(s => s.SetProperty(d => d.VirtualMachineId, (int?)null));
            Assert.Equal(1, await db.VirtualMachines.Where(v => v.Name == "b1").ExecuteDeleteAsync());
        }
        await AssertTotalsMatchRowsAsync(vms: 3, running: 1);

        await using (var db = _database.CreateDbContext())
            Assert.Equal(1, await db.VirtualMachines.Where(v => v.Name == "a2").ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VmStatus.StoppedDeallocated)));
        await AssertTotalsMatchRowsAsync(vms: 3, running: 0);
    }

    [Fact]
    public async Task Folding_the_counts_keeps_every_total_and_leaves_one_row_per_key()
    {
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"));
        await AddImagesAsync("img1", "img2");
        var before = await _summary.GetAsync();

        await using (var db = _database.CreateDbContext())
        {
            Assert.True(await CatalogueCounts.CompactAsync(db, CancellationToken.None) > 0);
            Assert.Equal(await db.CountDeltas.Select(d => d.Key).Distinct().CountAsync(), await db.CountDeltas.CountAsync());
        }
        Assert.Equal(before, await _summary.GetAsync());

        await AddVmsAsync(("beta", "b2"));
        await AssertTotalsMatchRowsAsync(vms: 4, running: 0);
    }

    [Fact]
    public async Task Images_in_the_recycle_bin_leave_the_gallery_total_and_come_back_when_restored()
    {
        await AddImagesAsync("img1", "img2", "img3");
        await using (var db = _database.CreateDbContext())
        {
            var img2 = await db.Images.SingleAsync(i => i.Name == "img2");
            img2.DeletedTime = Created;
            img2.PurgeAt = Created.AddDays(7);
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        await AssertImageTotalsMatchRowsAsync(shown: 2);

        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(1, await db.Images.Where(i => i.Name == "img2")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeletedTime, (DateTimeOffset?)null).SetProperty(i => i.PurgeAt, (DateTimeOffset?)null)));
            Assert.Equal(1, await db.Images.Where(i => i.Name == "img3").ExecuteDeleteAsync());
        }
        await AssertImageTotalsMatchRowsAsync(shown: 2);
    }

    [Fact]
    public async Task A_column_sort_pages_through_every_vm_once_in_either_direction()
    {
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"), ("beta", "b2"), ("gamma", "c1"), ("gamma", "c2"), ("gamma", "c3"));
        await using (var db = _database.CreateDbContext())
        {
            foreach (var vm in db.VirtualMachines.Where(v => v.Name == "a2" || v.Name == "b1" || v.Name == "c3")) vm.Status = VmStatus.ReadyRole;
            Assert.Equal(3, await db.SaveChangesAsync());
        }

        foreach (var descending in new[] { false, true })
        {
            var shown = new List<VmSummary>();
            for (var skip = 0; skip < 7; skip += 3)
            {
                var page = await _vms.ListAsync(new VmListQuery(Skip: skip, Take: 3, Sort: VmSort.Status, Descending: descending));
                Assert.Equal(7, page.Total);
                shown.AddRange(page.Items);
            }
            // Every VM once; by status name, ties by id, both in the direction asked for.
            var expected = shown.OrderBy(v => v.Status.ToString(), StringComparer.Ordinal).ThenBy(v => v.Id).ToList();
            if (descending) expected.Reverse();
            Assert.Equal(7, shown.Select(v => v.Id).Distinct().Count());
            Assert.Equal(expected.Select(v => v.Id), shown.Select(v => v.Id));
        }
    }

    private async Task AssertTotalsMatchRowsAsync(int vms, int running)
    {
        await using var db = _database.CreateDbContext();
        var byStatus = await db.VirtualMachines.GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(vms, byStatus.Values.Sum());

        var summary = await _summary.GetAsync();
        Assert.Equal(vms, summary.VirtualMachines);
        Assert.Equal(running, summary.RunningVirtualMachines);
        Assert.Equal(vms - running, summary.StoppedVirtualMachines);
        Assert.Equal(await db.Disks.CountAsync(), summary.Disks);
        Assert.Equal(await db.CloudServices.CountAsync(), summary.CloudServices);
        Assert.Equal(byStatus, await _summary.VmsByStatusAsync());

        Assert.Equal(vms, (await _vms.ListDetailsAsync(new VmListQuery(Take: 2))).Total);
        Assert.Equal(vms, (await _vms.ListAsync(new VmListQuery(Take: 2, Sort: VmSort.Status))).Total);
        foreach (var status in new[] { VmStatus.ReadyRole, VmStatus.StoppedVM, VmStatus.StoppedDeallocated })
        {
            var page = await _vms.ListDetailsAsync(new VmListQuery(Status: status, Take: 10));
            Assert.Equal(byStatus.GetValueOrDefault(status), page.Total);
            Assert.Equal(page.Total, page.Items.Count);
        }
    }

    private async Task AssertImageTotalsMatchRowsAsync(int shown)
    {
        await using var db = _database.CreateDbContext();
        Assert.Equal(shown, await db.Images.CountAsync(i => i.DeletedTime == null));
        var all = (await _images.ListAsync(new ImageListQuery(), 0, 10)).Ok();
        Assert.Equal(shown, all.Total);
        Assert.Equal(shown, all.Items.Count);
        var osImages = (await _images.ListAsync(new ImageListQuery(Kind: "OSImage"), 0, 10)).Ok();
        Assert.Equal(all.Items.Count(i => i.Kind == ImageKind.OSImage), osImages.Total);
        var summary = await _summary.GetAsync();
        Assert.Equal(shown, summary.OsImages + summary.VmImages);
    }

    private async Task AddImagesAsync(params string[] names)
    {
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < names.Length; i++)
        {
            var image = new Image
            {
                Name = names[i], Label = names[i], Location = "West US", Kind = i % 2 == 0 ? ImageKind.OSImage : ImageKind.VMImage,
                Category = ImageCategory.User, State = ImageState.Ready, Os = OsType.Linux, OsState = OsState.Generalized,
                CreatedTime = Created, ModifiedTime = Created,
            };
            image.Disks.Add(new ImageDisk
            {
                Name = $"{names[i]}-os", Location = "West US", HostCaching = HostCaching.ReadWrite, LogicalSizeInGb = 30,
                MediaLink = $"http://127.0.0.1/acct1/vhds/{names[i]}-os.vhd",
            });
            db.Images.Add(image);
        }
        Assert.True(await db.SaveChangesAsync() >= names.Length * 2);
    }

    private async Task AddVmsAsync(params (string Service, string Vm)[] vms)
    {
        await using var db = _database.CreateDbContext();
        var services = db.CloudServices.ToDictionary(s => s.Name);
        foreach (var (serviceName, name) in vms)
        {
            if (!services.TryGetValue(serviceName, out var service))
            {
                service = new CloudService { Name = serviceName, Location = "West US", Label = serviceName, CreatedTime = Created };
                db.CloudServices.Add(service);
                services[serviceName] = service;
            }
            var vm = new VirtualMachine
            {
                Name = name, InstanceSize = "Small", Os = OsType.Linux, Status = VmStatus.StoppedVM, CreatedTime = Created, CloudService = service,
            };
            vm.Disks.Add(new Disk
            {
                Name = $"{serviceName}-{name}-os", MediaLink = $"http://127.0.0.1/acct1/vhds/{serviceName}-{name}-os.vhd", Os = OsType.Linux,
                LogicalSizeInGb = 30, CreatedTime = Created,
            });
            db.VirtualMachines.Add(vm);
        }
        Assert.True(await db.SaveChangesAsync() >= vms.Length * 2);
    }
}
