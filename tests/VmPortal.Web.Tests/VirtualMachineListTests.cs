using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Core.VirtualMachines;
using VmPortal.Web.Components.Pages.VirtualMachines;

namespace VmPortal.Web.Tests;

/// <summary>The VM grid over the real <see cref="VmQueries"/>: every page, sort and filter comes from the database.</summary>
public sealed class VirtualMachineListTests : PortalBunitContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        var west = new CloudService { Name = "shop", Location = "West US", CreatedTime = DateTimeOffset.UtcNow };
        var east = new CloudService { Name = "blog", Location = "East US", CreatedTime = DateTimeOffset.UtcNow };
        // 30 VMs: vm00…vm29; even ones Windows in shop (West US, Medium), odd ones Linux in blog (East US, Small).
        for (var i = 0; i < 30; i++)
        {
            var even = i % 2 == 0;
            (even ? west : east).VirtualMachines.Add(new VirtualMachine
            {
                Name = $"vm{i:00}", InstanceSize = even ? "Medium" : "Small", Os = even ? OsType.Windows : OsType.Linux,
                Status = VmStatus.ReadyRole, PowerState = PowerState.Started, GuestReady = true, CreatedTime = DateTimeOffset.UtcNow,
            });
        }
        db.CloudServices.AddRange(west, east);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_grid_pages_sorts_and_filters_on_the_server()
    {
        var page = Render<VirtualMachineList>();
        var grid = page.FindComponent<MudDataGrid<VmSummary>>().Instance;

        // First page: 25 of 30, in the default order (cloud service, then name): blog's Linux VMs first.
        page.WaitForAssertion(() =>
        {
            Assert.Equal(25, Names(page).Count);
            Assert.Equal("vm01", Names(page)[0]);
            Assert.Contains("1-25 of 30", page.Markup);
        });

        await page.InvokeAsync(() => grid.SetSortAsync(nameof(VmSummary.Name), SortDirection.Descending, v => v.Name));
        page.WaitForAssertion(() => Assert.Equal(["vm29", "vm28", "vm27"], Names(page).Take(3)));

        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));
        page.WaitForAssertion(() => Assert.Equal(["vm04", "vm03", "vm02", "vm01", "vm00"], Names(page)));

        var toolbar = page.FindComponent<VmListToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new VmListFilter(Os: OsType.Linux, Location: "East US", InstanceSize: "Small")));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(15, Names(page).Count);
            Assert.All(Names(page), n => Assert.True(int.Parse(n[2..]) % 2 == 1, $"{n} is not one of the Linux VMs"));
            Assert.Equal("vm29", Names(page)[0]); // the sort survives a filter
            Assert.Contains("1-15 of 15", page.Markup);
        });

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new VmListFilter(Search: "vm1", Os: OsType.Windows)));
        page.WaitForAssertion(() => Assert.Equal(["vm18", "vm16", "vm14", "vm12", "vm10"], Names(page)));

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new VmListFilter(InstanceSize: "Large")));
        page.WaitForAssertion(() => Assert.Contains("No virtual machines match these filters", page.Find("[data-testid=empty-state]").TextContent));
    }

    [Fact]
    public void A_row_links_to_the_details_page_and_shows_the_data_disk_count()
    {
        var page = Render<VirtualMachineList>();

        page.WaitForAssertion(() =>
        {
            var link = page.FindAll("a").First(a => a.TextContent.Trim() == "vm00");
            Assert.Equal("vms/shop/vm00", link.GetAttribute("href"));
        });
    }

    private static List<string> Names(IRenderedComponent<VirtualMachineList> page) =>
        page.FindAll("tbody tr.mud-table-row a").Select(a => a.TextContent.Trim()).ToList();
}
