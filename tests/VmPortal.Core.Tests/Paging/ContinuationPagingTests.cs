using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Paging;

/// <summary>
/// What a user paging a list by continuation token relies on: the next page follows on from the last, nothing is shown
/// twice or skipped while rows are added, filters hold across pages, and the total is counted once. The test command runs
/// this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class ContinuationPagingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private VmQueries _vms = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        // The VM list reads the catalogue alone; the store is never asked.
        _vms = new VmQueries(_database, new DiskStore(new BlobAccounts([], embedded: false)));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Pages_follow_on_in_service_then_name_order_until_the_last_has_no_token()
    {
        await AddVmsAsync(("alpha", "web1"), ("alpha", "web2"), ("beta", "db1"), ("beta", "db2"), ("gamma", "app1"));

        var pages = await AllPagesAsync(new VmListQuery(Take: 2));

        Assert.Equal(["alpha/web1", "alpha/web2", "beta/db1", "beta/db2", "gamma/app1"], pages.SelectMany(p => p.Items).Select(Key));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.Null(pages[^1].ContinuationToken);
    }

    [Fact]
    public async Task Rows_added_while_paging_neither_repeat_nor_push_rows_out_of_sight()
    {
        await AddVmsAsync(("alpha", "vm1"), ("alpha", "vm3"), ("beta", "vm1"), ("beta", "vm3"));
        var first = await _vms.ListDetailsAsync(new VmListQuery(Take: 2));
        Assert.Equal(["alpha/vm1", "alpha/vm3"], first.Items.Select(Key));

        // Added before the reader's position (offset paging would shift alpha/vm3 onto the next page again)
        // and after it (this one the reader must still reach).
        await AddVmsAsync(("alpha", "vm0"), ("beta", "vm2"));
        var rest = await AllPagesAsync(new VmListQuery(Take: 2, After: Parse(first.ContinuationToken)));

        var seen = first.Items.Concat(rest.SelectMany(p => p.Items)).Select(Key).ToList();
        Assert.Equal(["alpha/vm1", "alpha/vm3", "beta/vm1", "beta/vm2", "beta/vm3"], seen);
        Assert.All(rest, p => Assert.Equal(4, p.Total));
    }

    [Fact]
    public async Task Filters_sent_with_the_token_hold_on_every_page()
    {
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"), ("beta", "b2"), ("gamma", "c1"), ("gamma", "c2"));
        await using (var db = _database.CreateDbContext())
        {
            foreach (var vm in db.VirtualMachines.Where(v => v.Name == "a2" || v.Name == "b2" || v.Name == "c2")) vm.Status = VmStatus.ReadyRole;
            Assert.Equal(3, await db.SaveChangesAsync());
        }

        var pages = await AllPagesAsync(new VmListQuery(Status: VmStatus.ReadyRole, Take: 1));

        Assert.Equal(["alpha/a2", "beta/b2", "gamma/c2"], pages.SelectMany(p => p.Items).Select(Key));
        Assert.All(pages, p => Assert.Equal(3, p.Total));
    }

    [Fact]
    public async Task Skip_still_pages_and_its_token_continues_after_it()
    {
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"), ("beta", "b2"));

        var skipped = await _vms.ListDetailsAsync(new VmListQuery(Skip: 1, Take: 2));
        var next = await _vms.ListDetailsAsync(new VmListQuery(Take: 2, After: Parse(skipped.ContinuationToken)));

        Assert.Equal(["alpha/a2", "beta/b1"], skipped.Items.Select(Key));
        Assert.Equal(["beta/b2"], next.Items.Select(Key));
        Assert.Null(next.ContinuationToken);
    }

    [Fact]
    public async Task Every_page_by_skip_shows_the_rows_at_that_place_in_the_list_from_either_end()
    {
        // Seven VMs: a page past the middle reads its ids backward from the end of the list.
        await AddVmsAsync(("alpha", "a1"), ("alpha", "a2"), ("beta", "b1"), ("beta", "b2"), ("beta", "b3"), ("gamma", "c1"), ("gamma", "c2"));
        string[] whole = ["alpha/a1", "alpha/a2", "beta/b1", "beta/b2", "beta/b3", "gamma/c1", "gamma/c2"];

        for (var skip = 0; skip <= whole.Length; skip++)
        {
            var page = await _vms.ListDetailsAsync(new VmListQuery(Skip: skip, Take: 3));
            Assert.Equal(whole.Skip(skip).Take(3), page.Items.Select(Key));
            Assert.Equal(7, page.Total);
            Assert.Equal(skip + 3 < whole.Length, page.ContinuationToken is not null);
        }
        var filtered = await _vms.ListDetailsAsync(new VmListQuery(Search: "b", Skip: 2, Take: 3));
        Assert.Equal(["beta/b3"], filtered.Items.Select(Key));
        Assert.Equal(3, filtered.Total);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("eyJBIjpbXSwiVCI6MX0")] // {"A":[],"T":1}: valid JSON, but no key
    public void A_token_this_list_did_not_write_is_refused_by_name(string token)
    {
        var parsed = Continuation.Parse(token, skip: null, keys: 2);

        Assert.False(parsed.Succeeded);
        Assert.Equal(ErrorCodes.ValidationFailed, parsed.Error.Code);
    }

    [Fact]
    public void A_token_with_a_skip_is_refused()
    {
        var token = new Continuation(["alpha", "a1"], 4).Encode();

        Assert.True(Continuation.Parse(token, skip: null, keys: 2).Succeeded);
        Assert.False(Continuation.Parse(token, skip: 3, keys: 2).Succeeded);
    }

    private async Task<List<Page<VmDetails>>> AllPagesAsync(VmListQuery query)
    {
        var pages = new List<Page<VmDetails>>();
        while (true)
        {
            var page = await _vms.ListDetailsAsync(query);
            pages.Add(page);
            if (page.ContinuationToken is null) return pages;
            Assert.True(pages.Count < 20, "the pages never ended");
            query = query with { After = Parse(page.ContinuationToken) };
        }
    }

    private static Continuation Parse(string? token)
    {
        var parsed = Continuation.Parse(token, skip: null, keys: 2);
        Assert.True(parsed.Succeeded);
        return Assert.IsType<Continuation>(parsed.Value);
    }

    private static string Key(VmDetails vm) => $"{vm.Summary.ServiceName}/{vm.Summary.Name}";

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
