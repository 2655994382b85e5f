using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Paging;

/// <summary>
/// What a user typing part of a name into a list's search relies on: any part of the name, in any case, finds it, on every
/// page with the right total; a row added, renamed or deleted is found or not found at once; the text is text (no
/// wildcards). Three characters or more go through the trigram indexes, fewer are scanned for — both are checked. The
/// test command runs this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class TextSearchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private VmQueries _vms = null!;
    private ImageQueries _images = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        var store = new DiskStore(new BlobAccounts([], embedded: false));
        _vms = new VmQueries(_database, store);
        _images = new ImageQueries(_database, store, new FakeTimeProvider(Created));
        await AddVmsAsync(("shopfront", "web01"), ("shopfront", "web02"), ("backoffice", "Web-Frontend"), ("backoffice", "ledger"), ("blog", "db-main"));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("front", new[] { "backoffice/Web-Frontend", "shopfront/web01", "shopfront/web02" })] // a VM's name or its service's
    [InlineData("WEB", new[] { "backoffice/Web-Frontend", "shopfront/web01", "shopfront/web02" })]   // any case
    [InlineData("eb-f", new[] { "backoffice/Web-Frontend" })]
    [InlineData("b-", new[] { "backoffice/Web-Frontend", "blog/db-main" })]                            // short: scanned
    [InlineData("G", new[] { "backoffice/ledger", "blog/db-main" })]
    [InlineData("web%", new string[0])]                                                                // no wildcards
    [InlineData("w_b", new string[0])]
    [InlineData("\"web\"", new string[0])]
    public async Task A_vm_is_found_by_any_part_of_its_name_or_its_services(string search, string[] expected)
    {
        var pages = new List<VmDetails>();
        var page = await _vms.ListDetailsAsync(new VmListQuery(Search: search, Take: 2));
        pages.AddRange(page.Items);
        while (page.ContinuationToken is { } token)
        {
            page = await _vms.ListDetailsAsync(new VmListQuery(Search: search, Take: 2, After: Continuation.Parse(token, null, 2).Value));
            pages.AddRange(page.Items);
        }

        Assert.Equal(expected, pages.Select(v => $"{v.Summary.ServiceName}/{v.Summary.Name}"));
        Assert.Equal(expected.Length, page.Total);
        Assert.Equal(expected.Length, (await _vms.ListAsync(new VmListQuery(Search: search, Take: 10, Sort: VmSort.Name))).Total);
    }

    [Fact]
    public async Task A_vm_added_or_deleted_is_found_or_gone_at_once()
    {
        await AddVmsAsync(("blog", "frontdoor"));
        Assert.Equal(["backoffice/Web-Frontend", "blog/frontdoor", "shopfront/web01", "shopfront/web02"], await FoundAsync("front"));

        await using (var db = _database.CreateDbContext())
        {
            var web01 = await db.VirtualMachines.Include(v => v.Disks).SingleAsync(v => v.Name == "web01");
            db.Disks.RemoveRange(web01.Disks);
            db.VirtualMachines.Remove(web01);
            Assert.Equal(2, await db.SaveChangesAsync());
        }
        Assert.Equal(["backoffice/Web-Frontend", "blog/frontdoor", "shopfront/web02"], await FoundAsync("front"));
        Assert.Empty(await FoundAsync("web01"));
    }

    [Fact]
    public async Task An_image_is_found_by_part_of_its_name_label_or_description_until_it_is_relabelled()
    {
        await AddImageAsync("ubuntu-2404-lts", "Ubuntu Server", "Nightly build 1234 of the base image");
        await AddImageAsync("win2022-iis", "Windows with IIS", null);

        Assert.Equal(["ubuntu-2404-lts"], await ImagesFoundAsync("build 1234"));
        Assert.Equal(["ubuntu-2404-lts"], await ImagesFoundAsync("BUILD"));
        Assert.Equal(["win2022-iis"], await ImagesFoundAsync("with iis"));
        Assert.Equal(["ubuntu-2404-lts", "win2022-iis"], await ImagesFoundAsync("2"));   // short: scanned
        Assert.Empty(await ImagesFoundAsync("build%"));

        await using (var db = _database.CreateDbContext())
        {
            var image = await db.Images.SingleAsync(i => i.Name == "win2022-iis");
            image.Label = "Windows web server";
            Assert.Equal(1, await db.SaveChangesAsync());
        }
        Assert.Empty(await ImagesFoundAsync("with iis"));
        Assert.Equal(["win2022-iis"], await ImagesFoundAsync("web server"));
    }

    private async Task<List<string>> FoundAsync(string search) =>
        (await _vms.ListDetailsAsync(new VmListQuery(Search: search, Take: 100))).Items.Select(v => $"{v.Summary.ServiceName}/{v.Summary.Name}").ToList();

    private async Task<List<string>> ImagesFoundAsync(string search)
    {
        var page = (await _images.ListAsync(new ImageListQuery(Search: search), 0, 100)).Ok();
        Assert.Equal(page.Items.Count, page.Total);
        return page.Items.Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
    }

    private async Task AddImageAsync(string name, string label, string? description)
    {
        await using var db = _database.CreateDbContext();
        var image = new Image
        {
            Name = name, Label = label, Description = description, Location = "West US", Kind = ImageKind.OSImage, Category = ImageCategory.User,
            State = ImageState.Ready, Os = OsType.Linux, OsState = OsState.Generalized, CreatedTime = Created, ModifiedTime = Created,
        };
        image.Disks.Add(new ImageDisk
        {
            Name = $"{name}-os", Location = "West US", HostCaching = HostCaching.ReadWrite, LogicalSizeInGb = 30,
            MediaLink = $"http://127.0.0.1/acct1/vhds/{name}-os.vhd",
        });
        db.Images.Add(image);
        Assert.Equal(2, await db.SaveChangesAsync());
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
