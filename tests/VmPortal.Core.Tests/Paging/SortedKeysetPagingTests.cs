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
    private readonly TestDatabase _database = new();
    private VmQueries _vms = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _vms = new VmQueries(_database, new DiskStore(new BlobAccounts([], embedded: false)));
        // 23 VMs in three services; names repeat across services, so a name sort has ties that the id breaks.
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < 23; i++)
        {
            var service = db.CloudServices.Local.SingleOrDefault(s => s.Name == $"svc{i % 3}")
                ?? db.CloudServices.Add(new CloudService { Name = $"svc{i % 3}", Location = "West US", Label = "svc", CreatedTime = Created }).Entity;
            db.VirtualMachines.Add(new VirtualMachine
            {
                Name = $"vm{i / 3:D2}", InstanceSize = Sizes[i % 4], Os = i % 5 == 0 ? OsType.Windows : OsType.Linux, Status = Statuses[i % 4],
                CreatedTime = Created, CloudService = service,
            });
        }
        Assert.Equal(26, await db.SaveChangesAsync());
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    public static TheoryData<VmSort?, bool> Orders()
    {
        var orders = new TheoryData<VmSort?, bool>();
        foreach (var sort in new VmSort?[] { null, VmSort.Service, VmSort.Name, VmSort.Status, VmSort.Os, VmSort.InstanceSize })
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
}
