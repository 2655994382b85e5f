using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.VirtualMachines;

namespace VmPortal.Web.Tests;

public sealed class VmStatusAndSizeTests : PortalBunitContext
{
    [Theory]
    [InlineData(VmStatus.RoleStateUnknown, OsType.Windows, "Running — RDP not ready yet")]
    [InlineData(VmStatus.RoleStateUnknown, OsType.Linux, "Running — SSH not ready yet")]
    [InlineData(VmStatus.ReadyRole, OsType.Linux, "Running")]
    [InlineData(VmStatus.StoppedVM, OsType.Windows, "Stopped")]
    [InlineData(VmStatus.StoppedDeallocated, OsType.Linux, "Stopped (deallocated)")]
    [InlineData(VmStatus.StartingVM, OsType.Linux, "Starting")]
    [InlineData(VmStatus.StoppingVM, OsType.Windows, "Stopping")]
    [InlineData(VmStatus.Provisioning, OsType.Windows, "Provisioning")]
    [InlineData(VmStatus.DeletingVM, OsType.Linux, "Deleting")]
    public void The_status_chip_says_whether_the_guest_answers_yet(VmStatus status, OsType os, string wording)
    {
        var chip = Render<VmStatusChip>(p => p.Add(c => c.Status, status).Add(c => c.Os, os));

        Assert.Equal(wording, chip.Find("[data-testid=vm-status]").TextContent.Trim());
    }

    [Fact]
    public void The_resize_select_disables_sizes_too_small_for_the_data_disks_and_says_why()
    {
        var popovers = Render<MudPopoverProvider>();
        var card = Render<SizeCard>(p => p.Add(c => c.Vm, VmWithDataDisks("Large", 5)));

        card.Find("div.mud-input-control.mud-select").MouseDown();

        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll("[data-size]")));
        var items = popovers.FindAll(".mud-list-item")
            .Where(i => i.QuerySelector("[data-size]") is not null)
            .ToDictionary(i => i.QuerySelector("[data-size]")!.GetAttribute("data-size")!, i => i);
        Assert.Equal(InstanceSizes.All.Count, items.Count);
        foreach (var size in InstanceSizes.All)
        {
            var item = items[size.Name];
            var disabled = item.ClassList.Contains("mud-list-item-disabled");
            Assert.True(disabled == size.MaxDataDisks < 5, $"{size.Name} (max {size.MaxDataDisks}) disabled: {disabled}");
            if (disabled) Assert.Contains($"Too small: holds {size.MaxDataDisks} data disk", item.TextContent);
        }
        Assert.Contains("2 cores, 3.5 GB, up to 4 data disks", items["Medium"].TextContent);
        Assert.Contains("5 of 8 data disks used", card.Markup);
    }

    [Fact]
    public void The_resize_select_shows_the_chosen_size_by_name_so_it_fits_a_phone_in_either_language()
    {
        using var _ = InCulture.Chinese();
        var card = Render<SizeCard>(p => p.Add(c => c.Vm, VmWithDataDisks("Large", 5)));

        // The sentence above the select says the cores and memory; the select repeating them was clipped at 390 px.
        Assert.Equal("Large", card.Find(".mud-select input").GetAttribute("value"));
        Assert.Contains("4 个内核", card.Find("[data-testid=size-card]").TextContent);
    }

    private static VmDetails VmWithDataDisks(string size, int dataDisks)
    {
        Core.Disks.DiskView Disk(int? lun) => new($"d{lun}", $"http://127.0.0.1/acct/vhds/d{lun}.vhd", null, HostCaching.None, 10, 512, lun,
            lun is null ? OsType.Windows : null, new Core.Disks.DiskAttachment("shop", "web1"));
        var summary = new VmSummary(1, "web1", "shop", "West US", size, OsType.Windows, VmStatus.StoppedVM, PowerState.Stopped,
            false, null, dataDisks, false);
        return new VmDetails(summary, Disk(null), Enumerable.Range(0, dataDisks).Select(l => Disk(l)).ToList(), [], null, null, null, null);
    }
}
