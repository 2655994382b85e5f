using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Web.Components.Pages.VirtualMachines;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>The VM page edits the VM's tags with the same chips as the image page, through the real <see cref="Core.VirtualMachines.VmTagService"/>.</summary>
public sealed class VmTagsTests : PortalBunitContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        var service = new CloudService { Name = "shop", Location = "West US", CreatedTime = DateTimeOffset.UtcNow };
        var vm = new VirtualMachine
        {
            Name = "web01", InstanceSize = "Small", Os = OsType.Linux, Status = VmStatus.StoppedVM, PowerState = PowerState.Stopped,
            CreatedTime = DateTimeOffset.UtcNow, Tags = [new ResourceTag { Key = "env", Value = "prod" }],
        };
        vm.Disks.Add(new Disk
        {
            Name = "web01-os", MediaLink = "http://127.0.0.1:1/devstoreaccount1/vhds/web01-os.vhd", Os = OsType.Linux, LogicalSizeInGb = 30,
            HostCaching = HostCaching.ReadWrite, CreatedTime = DateTimeOffset.UtcNow,
        });
        service.VirtualMachines.Add(vm);
        db.CloudServices.Add(service);
        Assert.True(await db.SaveChangesAsync() >= 3, "The VM, its service and its disk were not saved.");
    }

    [Fact]
    public async Task Tags_are_added_and_removed_as_chips_and_an_invalid_one_is_refused_inline()
    {
        var page = Render<VmDetailsPage>(p => p.Add(x => x.Service, "shop").Add(x => x.Name, "web01"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=vm-tags] [data-testid=tag-chip]")));
        var chips = page.FindComponent<TagChips>();
        Assert.Equal(["env: prod"], Chips(chips));

        await page.InvokeAsync(() => page.Find("input[data-testid=tag-input]").Input("backup"));
        await page.InvokeAsync(() => page.Find("[data-testid=tag-add]").Click());
        page.WaitForAssertion(() => Assert.Equal(["backup", "env: prod"], Chips(chips)));
        Assert.Equal([("backup", ""), ("env", "prod")], await TagsAsync());

        await page.InvokeAsync(() => page.Find("input[data-testid=tag-input]").Input($"{new string('k', 129)}:x"));
        await page.InvokeAsync(() => page.Find("[data-testid=tag-add]").Click());
        page.WaitForAssertion(() => Assert.Contains("has 129 characters; at most 128 are allowed.", chips.Markup));
        Assert.Equal([("backup", ""), ("env", "prod")], await TagsAsync());

        await page.InvokeAsync(() => page.Find("[data-testid=tag-chip][data-key=env] button").Click());
        page.WaitForAssertion(() => Assert.Equal(["backup"], Chips(chips)));
        Assert.Equal([("backup", "")], await TagsAsync());
    }

    private static List<string> Chips(IRenderedComponent<TagChips> chips) =>
        chips.FindAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim()).ToList();

    private async Task<List<(string, string)>> TagsAsync()
    {
        await using var db = Database.CreateDbContext();
        return (await db.VirtualMachines.Include(v => v.Tags).SingleAsync(v => v.Name == "web01")).Tags
            .OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();
    }
}
