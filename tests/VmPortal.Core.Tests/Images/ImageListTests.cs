using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.Seeding;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>R14 and R19: the gallery list — OS images before VM images across pages, filters, and what each entry carries.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageListTests(AzuriteFixture azurite) : ImageHost(azurite)
{
    /// <summary>On purpose: an image row left Capturing with no capture, to prove how it is listed.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.StrandedResource };

    [Fact]
    public async Task OS_images_come_before_VM_images_on_every_page_each_kind_by_name()
    {
        await AddVmImageAsync("aa-vm");
        await AddOsImageAsync("zz-os");
        await AddVmImageAsync("Bb-vm", luns: [0]);

        var pages = new List<ImageView>();
        for (var skip = 0; ; skip += 3)
        {
            var page = (await Queries.ListAsync(new ImageListQuery(), skip, 3)).Ok();
            Assert.Equal(8, page.Total);
            if (page.Items.Count == 0) break;
            pages.AddRange(page.Items);
        }

        var expectedOs = PublicImages.All.Select(p => p.Name).Append("zz-os").Order(StringComparer.OrdinalIgnoreCase);
        Assert.Equal([.. expectedOs, "aa-vm", "Bb-vm"], pages.Select(i => i.Name));
        Assert.All(pages.Take(6), i => Assert.Equal(ImageKind.OSImage, i.Kind));
    }

    [Fact]
    public async Task OS_images_carry_no_data_disk_configurations_and_VM_images_always_carry_a_list()
    {
        await AddVmImageAsync("bare-vm");
        await AddVmImageAsync("full-vm", luns: [3, 1]);

        var all = (await Queries.ListAsync(new ImageListQuery(), 0, 100)).Ok().Items;

        Assert.All(all.Where(i => i.Kind == ImageKind.OSImage), i => Assert.Null(i.DataDiskConfigurations));
        Assert.Empty(all.Single(i => i.Name == "bare-vm").DataDiskConfigurations!);
        Assert.Equal([1, 3], all.Single(i => i.Name == "full-vm").DataDiskConfigurations!.Select(d => d.Lun));
        Assert.All(all, i => Assert.Null(i.OsDiskConfiguration!.AllocatedBytes)); // the list asks storage nothing
    }

    [Fact]
    public async Task A_public_image_is_in_every_location_with_a_replica_and_shows_the_one_asked_for()
    {
        var name = PublicImages.All[0].Name;

        var any = (await Queries.ListAsync(new ImageListQuery(Search: name), 0, 10)).Ok().Items.Single();
        var east = (await Queries.ListAsync(new ImageListQuery(Location: "east us", Search: name), 0, 10)).Ok().Items.Single();

        Assert.Null(any.Location);
        Assert.Equal(["West US", "East US"], any.Locations);
        Assert.Equal((ImageCategory.Public, OsState.Generalized), (any.Category, any.OsState));
        Assert.Equal("West US", any.OsDiskConfiguration!.Location);
        Assert.Equal("East US", east.OsDiskConfiguration!.Location);
        Assert.StartsWith(East.BlobEndpoint.AbsoluteUri, east.OsDiskConfiguration.MediaLink);
        Assert.Empty((await Queries.ListAsync(new ImageListQuery(Location: "North Europe"), 0, 10)).Ok().Items);
    }

    [Fact]
    public async Task Filters_narrow_the_list_by_kind_os_state_location_family_and_text()
    {
        await AddVmImageAsync("win-west", OsType.Windows, label: "Shop front");
        await AddVmImageAsync("lnx-east", OsType.Linux, account: East);
        await AddOsImageAsync("gen-west", OsType.Windows);

        async Task<List<string>> Names(ImageListQuery q) => (await Queries.ListAsync(q, 0, 100)).Ok().Items.Select(i => i.Name).ToList();

        Assert.Equal(["lnx-east", "win-west"], await Names(new ImageListQuery(Kind: "VMImage")));
        Assert.Equal(["gen-west", "Windows-Server-2008-R2-SP1", "Windows-Server-2012-R2-Datacenter", "win-west"], await Names(new ImageListQuery(Os: "windows")));
        Assert.Equal(["lnx-east", "win-west"], await Names(new ImageListQuery(OsState: "Specialized")));
        Assert.DoesNotContain("lnx-east", await Names(new ImageListQuery(Location: "West US")));
        Assert.Equal([.. PublicImages.All.Select(p => p.Name).Order(StringComparer.OrdinalIgnoreCase), "lnx-east"], await Names(new ImageListQuery(Location: "East US")));
        Assert.Equal(["CentOS-6.5"], await Names(new ImageListQuery(Family: "openlogic centos 6")));
        Assert.Equal(["win-west"], await Names(new ImageListQuery(Search: "SHOP")));
        Assert.Equal(["Ubuntu-Server-14.04-LTS"], await Names(new ImageListQuery(Search: "trusty")));
    }

    [Theory]
    [InlineData("Disk", null, null, "kind")]
    [InlineData(null, "BeOS", null, "os")]
    [InlineData(null, null, "Mars", "location")]
    public async Task An_unknown_filter_value_is_ValidationFailed_naming_it(string? kind, string? os, string? location, string field)
    {
        var result = await Queries.ListAsync(new ImageListQuery(Kind: kind, Os: os, Location: location), 0, 10);

        Assert.Equal((ErrorCodes.ValidationFailed, field), (result.Error?.Code, result.Error?.Field));
    }

    [Fact]
    public async Task An_image_being_captured_is_listed_as_Capturing_without_an_OS_disk_yet()
    {
        await AddCapturingImageAsync("half-done");

        var image = (await Queries.ListAsync(new ImageListQuery(Search: "half-done"), 0, 10)).Ok().Items.Single();

        Assert.Equal(ImageState.Capturing, image.State);
        Assert.Null(image.OsDiskConfiguration);
        Assert.Empty(image.DataDiskConfigurations!);
    }

    [Fact]
    public async Task One_image_is_found_in_any_case_with_allocated_bytes_and_the_VMs_deployed_from_it()
    {
        var vm = await AddVmAsync("web1");

        var image = await Queries.GetAsync("ubuntu-server-14.04-lts", "East US");
        var list = (await Queries.ListAsync(new ImageListQuery(Search: "Ubuntu"), 0, 10)).Ok().Items.Single();

        Assert.Equal("Ubuntu-Server-14.04-LTS", image.Value!.Name);
        Assert.Equal("East US", image.Value.OsDiskConfiguration!.Location);
        Assert.True(image.Value.OsDiskConfiguration.AllocatedBytes > PublicImageSeeder.BootRegionBytes, "the boot region and footer are stored");
        Assert.Equal([new DeployedVmView(vm.CloudService!.Name, "web1", VmStatus.ReadyRole)], image.Value.DeployedVms);
        Assert.Equal((1, 1), (image.Value.DeployedVmCount, list.DeployedVmCount));
        Assert.Null(list.DeployedVms);
        Assert.Equal(ErrorCodes.NotFound, (await Queries.GetAsync("no-such-image")).Error?.Code);
    }
}
