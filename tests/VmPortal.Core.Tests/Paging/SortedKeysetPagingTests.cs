using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Paging;

/// <summary>
/// What a user paging the VM grid sorted by a column relies on: Next, Previous and Last, read by key (forward past a row,
/// backward before one, backward from the end), show every VM once, in the same order as reading the whole sorted list at
/// once, with the same total. The test command runs this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class SortedKeysetPagingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly VmStatus[] Statuses = [VmStatus.ReadyRole, VmStatus.StoppedVM, VmStatus.StoppedDeallocated, VmStatus.RoleStateUnknown];
    private static readonly string[] Sizes = ["Small", "Medium", "Large", "ExtraSmall"];
    private static readonly string[] Locations = ["West US", "East US", "North Europe"];
    private readonly TestDatabase _database = new();
    private VmQueries _vms = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _vms = new VmQueries(_database, new DiskStore(new BlobAccounts([], embedded: false)));
        // 23 VMs in three services in three locations, with 0 to 3 data disks; names repeat across services, so a name
        // sort has ties that the id breaks.
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < 23; i++)
        {
            var service = db.CloudServices.Local.SingleOrDefault(s => s.Name == $"svc{i % 3}")
                ?? db.CloudServices.Add(new CloudService { Name = $"svc{i % 3}", Location = Locations[i % 3], Label = "svc", CreatedTime = Created }).Entity;
            var vm = new VirtualMachine
            {
                Name = $"vm{i / 3:D2}", InstanceSize = Sizes[i % 4], Os = i % 5 == 0 ? OsType.Windows : OsType.Linux, Status = Statuses[i % 4],
                CreatedTime = Created, CloudService = service,
            };
            for (var lun = 0; lun < i % 4; lun++)
                vm.Disks.Add(new Disk { Name = $"d{i}-{lun}", MediaLink = $"http://127.0.0.1/acct1/vhds/d{i}-{lun}.vhd", Lun = lun, LogicalSizeInGb = 10, CreatedTime = Created });
            db.VirtualMachines.Add(vm);
        }
        Assert.Equal(26 + Enumerable.Range(0, 23).Sum(i => i % 4), await db.SaveChangesAsync());
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    public static TheoryData<VmSort?, bool> Orders()
    {
        var orders = new TheoryData<VmSort?, bool>();
        foreach (var sort in new VmSort?[] { null, VmSort.Service, VmSort.Name, VmSort.Status, VmSort.Os, VmSort.InstanceSize, VmSort.Location, VmSort.DataDisks })
            foreach (var descending in new[] { false, true })
                orders.Add(sort, descending);
        return orders;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Next_previous_and_last_read_by_key_match_the_whole_sorted_list(VmSort? sort, bool descending)
    {
        var whole = await _vms.ListAsync(new VmListQuery(Take: 100, Sort: sort, Descending: descending));
        Assert.Equal(23, whole.Total);
        Assert.Equal(23, whole.Items.Select(v => v.Id).Distinct().Count());
        if (sort is VmSort.Location or VmSort.DataDisks)
        {
            // The copies the database keeps on the VM row order the list exactly as the service's location and the disks do.
            Func<VmSummary, object> key = sort is VmSort.Location ? v => v.Location : v => v.DataDisks;
            var expected = descending
                ? whole.Items.OrderByDescending(key).ThenByDescending(v => v.Id)
                : whole.Items.OrderBy(key).ThenBy(v => v.Id);
            Assert.Equal(expected.Select(v => v.Id), whole.Items.Select(v => v.Id));
            Assert.Equal(Enumerable.Range(0, 23).Select(i => i % 4).Order(), whole.Items.Select(v => v.DataDisks).Order());
            Assert.Equal(Enumerable.Range(0, 23).Select(i => Locations[i % 3]).Order(StringComparer.Ordinal), whole.Items.Select(v => v.Location).Order(StringComparer.Ordinal));
        }
        var query = new VmListQuery(Take: 5, Sort: sort, Descending: descending);

        // Forward: the first page, then Next past each page's last row.
        var forward = new List<VmSummary>();
        var page = await _vms.ListAsync(query);
        forward.AddRange(page.Items);
        while (page.Items.Count == 5 && forward.Count < 23)
        {
            page = await _vms.ListAsync(query with { After = new Continuation(VmListKeys.Of(page.Items[^1], sort), page.Total) });
            Assert.Equal(23, page.Total);
            forward.AddRange(page.Items);
        }
        Assert.Equal(whole.Items.Select(v => v.Id), forward.Select(v => v.Id));

        // Backward: Last (the 3 rows after four pages of 5), then Previous before each page's first row.
        var last = await _vms.ListAsync(query with { Take = 3, FromEnd = true });
        Assert.Equal(whole.Items.TakeLast(3).Select(v => v.Id), last.Items.Select(v => v.Id));
        var backward = new List<VmSummary>(last.Items);
        page = last;
        while (backward.Count < 23)
        {
            page = await _vms.ListAsync(query with { After = new Continuation(VmListKeys.Of(page.Items[0], sort), 23), FromEnd = true });
            Assert.NotEmpty(page.Items);
            backward.InsertRange(0, page.Items);
        }
        Assert.Equal(whole.Items.Select(v => v.Id), backward.Select(v => v.Id));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Pages_by_skip_from_either_end_match_the_whole_sorted_list(VmSort? sort, bool descending)
    {
        var whole = await _vms.ListAsync(new VmListQuery(Take: 100, Sort: sort, Descending: descending));
        Assert.Equal(23, whole.Items.Count);

        for (var skip = 1; skip <= 23; skip += 2)
        {
            var page = await _vms.ListAsync(new VmListQuery(Skip: skip, Take: 4, Sort: sort, Descending: descending));
            Assert.Equal(whole.Items.Skip(skip).Take(4).Select(v => v.Id), page.Items.Select(v => v.Id));
            Assert.Equal(23, page.Total);
        }
    }

    [Fact]
    public async Task A_page_read_backward_continues_forward_from_its_last_row()
    {
        var last = await _vms.ListAsync(new VmListQuery(Take: 3, Sort: VmSort.Status, FromEnd: true));
        Assert.Null(last.ContinuationToken); // nothing after the last page

        var before = await _vms.ListAsync(new VmListQuery(Take: 5, Sort: VmSort.Status, FromEnd: true,
            After: new Continuation(VmListKeys.Of(last.Items[0], VmSort.Status), 23)));
        var again = await _vms.ListAsync(new VmListQuery(Take: 5, Sort: VmSort.Status,
            After: Continuation.Parse(before.ContinuationToken, null, keys: 2).Value));

        Assert.Equal(last.Items.Select(v => v.Id), again.Items.Select(v => v.Id));
    }

    [Fact]
    public async Task The_data_disk_count_and_location_on_a_vm_row_follow_every_change_whatever_makes_it()
    {
        // i = 0 is vm00 of svc0 (West US), no data disk; i = 1 is vm00 of svc1 (East US), one (d1-0); i = 5 is vm01 of svc2
        // (North Europe), one (d5-0).
        async Task<(int Disks, string Location)> RowAsync(string service, string vm)
        {
            await using var db = _database.CreateDbContext();
            var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.VirtualMachines.Where(v => v.CloudService!.Name == service && v.Name == vm));
            var counted = db.Disks.Count(d => d.VirtualMachineId == row.Id && d.Lun != null);
            Assert.Equal(counted, row.DataDiskCount);
            return (row.DataDiskCount, row.Location);
        }
        Assert.Equal((0, "West US"), await RowAsync("svc0", "vm00"));
        Assert.Equal((1, "East US"), await RowAsync("svc1", "vm00"));
        Assert.Equal((1, "North Europe"), await RowAsync("svc2", "vm01"));

        // Attached through the change tracker, detached in bulk SQL, deleted, moved between VMs.
        await using (var db = _database.CreateDbContext())
        {
            var vm00 = db.VirtualMachines.Single(v => v.CloudService!.Name == "svc0" && v.Name == "vm00");
            db.Disks.Add(new Disk { Name = "new", MediaLink = "http://127.0.0.1/acct1/vhds/new.vhd", Lun = 3, LogicalSizeInGb = 10, CreatedTime = Created, VirtualMachineId = vm00.Id });
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        Assert.Equal((1, "West US"), await RowAsync("svc0", "vm00"));
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(1, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.Disks.Where(d => d.Name == "d1-0"), s => s.SetProperty(d => d.VirtualMachineId, (int?)null).SetProperty(d => d.Lun, (int?)null)));
            var moved = db.Disks.Single(d => d.Name == "new");
            moved.VirtualMachineId = db.VirtualMachines.Single(v => v.CloudService!.Name == "svc1" && v.Name == "vm00").Id;
            db.Disks.Remove(db.Disks.Single(d => d.Name == "d5-0"));
            Assert.Equal(2, await db.SaveChangesAsync());
        }
        Assert.Equal((0, "West US"), await RowAsync("svc0", "vm00"));
        Assert.Equal((1, "East US"), await RowAsync("svc1", "vm00"));
        Assert.Equal((0, "North Europe"), await RowAsync("svc2", "vm01"));

        // A service's location is copied to its VMs.
        await using (var db = _database.CreateDbContext())
            Assert.Equal(1, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.CloudServices.Where(c => c.Name == "svc2"), s => s.SetProperty(c => c.Location, "West Europe")));
        Assert.Equal((0, "West Europe"), await RowAsync("svc2", "vm01"));
    }

    [Fact]
    public async Task The_service_name_on_a_vm_row_follows_a_renamed_service_and_a_moved_vm_and_orders_the_list()
    {
        // i = 21 is vm07 of svc0; svc2 has vm00 to vm06.
        async Task<string> ServiceNameAsync(int vmId)
        {
            await using var db = _database.CreateDbContext();
            var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.VirtualMachines.Where(v => v.Id == vmId).Select(v => new { v.ServiceName, Actual = v.CloudService!.Name }));
            Assert.Equal(row.Actual, row.ServiceName);
            return row.ServiceName;
        }
        int moving;
        await using (var db = _database.CreateDbContext())
            moving = db.VirtualMachines.Single(v => v.CloudService!.Name == "svc0" && v.Name == "vm07").Id;
        Assert.Equal("svc0", await ServiceNameAsync(moving));

        // Renamed in bulk SQL: its VMs carry the new name, and the default order puts them where the new name sorts.
        await using (var db = _database.CreateDbContext())
            Assert.Equal(1, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.CloudServices.Where(c => c.Name == "svc0"), s => s.SetProperty(c => c.Name, "zeta")));
        Assert.Equal("zeta", await ServiceNameAsync(moving));
        var whole = await _vms.ListAsync(new VmListQuery(Take: 100));
        Assert.Equal(["svc1", "svc2", "zeta"], whole.Items.Select(v => v.ServiceName).Distinct());
        Assert.Equal(8, whole.Items.Count(v => v.ServiceName == "zeta"));
        var paged = await _vms.ListAsync(new VmListQuery(Skip: 15, Take: 100));
        Assert.Equal(whole.Items.Skip(15).Select(v => v.Id), paged.Items.Select(v => v.Id));
        Assert.All(paged.Items, v => Assert.Equal("zeta", v.ServiceName));

        // Moved to another service through the change tracker.
        await using (var db = _database.CreateDbContext())
        {
            var vm = db.VirtualMachines.Single(v => v.Id == moving);
            vm.CloudServiceId = db.CloudServices.Single(c => c.Name == "svc2").Id;
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        Assert.Equal("svc2", await ServiceNameAsync(moving));
        var svc2 = await _vms.ListAsync(new VmListQuery(Take: 100, Service: "svc2"));
        Assert.Equal(["vm00", "vm01", "vm02", "vm03", "vm04", "vm05", "vm06", "vm07"], svc2.Items.Select(v => v.Name));
        Assert.All(svc2.Items, v => Assert.Equal("North Europe", v.Location));
    }
}
