using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.VirtualMachines;

namespace VmPortal.Web.Tests;

/// <summary>The VM grid over the real <see cref="VmQueries"/>: every page, sort and filter comes from the database.</summary>
public sealed class VirtualMachineListTests : PortalBunitContext
{
    private readonly SqlLog _sql = new();

    public VirtualMachineListTests() =>
        // The test's seam: the same database, every command the grid's queries send written down.
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new LoggedDatabase(Database, _sql));

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
    public async Task The_next_page_in_the_default_order_seeks_past_the_last_row_instead_of_an_offset()
    {
        var page = Render<VirtualMachineList>();
        var grid = page.FindComponent<MudDataGrid<VmSummary>>().Instance;
        await page.InvokeAsync(() => grid.SetRowsPerPageAsync(10));
        // blog's VMs (odd numbers) come first, then shop's (even ones): three pages of ten.
        page.WaitForAssertion(() => Assert.Equal(EveryOther(1, 19), Names(page)));

        _sql.Clear();
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));
        page.WaitForAssertion(() => Assert.Equal([.. EveryOther(21, 29), .. EveryOther(0, 8)], Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(EveryOther(10, 28), Names(page));
            Assert.Contains("21-30 of 30", page.Markup); // the total counted with the first page
        });
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Previous));
        page.WaitForAssertion(() => Assert.Equal([.. EveryOther(21, 29), .. EveryOther(0, 8)], Names(page)));

        var reads = _sql.Commands.Where(c => c.Contains("FROM \"VirtualMachines\"", StringComparison.Ordinal)).ToList();
        Assert.True(reads.Count(c => c.Contains("LIMIT", StringComparison.Ordinal)) >= 3, $"Fewer than three paged reads:\n{string.Join("\n\n", reads)}");
        Assert.All(reads, c => Assert.DoesNotContain("OFFSET", c, StringComparison.Ordinal));
        Assert.All(reads, c => Assert.False(c.TrimStart().StartsWith("SELECT COUNT(*)", StringComparison.Ordinal), c)); // the first page's total

        // A column sort on the VM's own column pages by key too: Next past the last row, Last backward from the end,
        // Previous backward from the first row of the page after it.
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(VmSummary.Name), SortDirection.Ascending, v => v.Name));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.First));
        page.WaitForAssertion(() => Assert.Equal(Names(0, 9), Names(page)));
        _sql.Clear();
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));
        page.WaitForAssertion(() => Assert.Equal(Names(10, 19), Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Last));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(Names(20, 29), Names(page));
            Assert.Contains("21-30 of 30", page.Markup);
        });
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Previous));
        page.WaitForAssertion(() => Assert.Equal(Names(10, 19), Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.First));
        page.WaitForAssertion(() => Assert.Equal(Names(0, 9), Names(page)));
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(VmSummary.Name), SortDirection.Descending, v => v.Name));
        page.WaitForAssertion(() => Assert.Equal(Enumerable.Reverse(Names(20, 29)), Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Last));
        page.WaitForAssertion(() => Assert.Equal(Enumerable.Reverse(Names(0, 9)), Names(page)));
        var sorted = _sql.Commands.Where(c => c.Contains("FROM \"VirtualMachines\"", StringComparison.Ordinal)).ToList();
        Assert.All(sorted, c => Assert.DoesNotContain("OFFSET", c, StringComparison.Ordinal));

        // The sort by location (the cloud service's, copied onto the VM row by the database) pages by key as well.
        await page.InvokeAsync(() => grid.SetSortAsync(nameof(VmSummary.Location), SortDirection.Ascending, v => v.Location));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.First));
        page.WaitForAssertion(() => Assert.Equal(EveryOther(1, 19), Names(page))); // East US (blog) first, ties by id
        _sql.Clear();
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Next));
        page.WaitForAssertion(() => Assert.Equal([.. EveryOther(21, 29), .. EveryOther(0, 8)], Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Last));
        page.WaitForAssertion(() => Assert.Equal(EveryOther(10, 28), Names(page)));
        await page.InvokeAsync(() => grid.NavigateTo(MudBlazor.Page.Previous));
        page.WaitForAssertion(() => Assert.Equal([.. EveryOther(21, 29), .. EveryOther(0, 8)], Names(page)));
        var byLocation = _sql.Commands.Where(c => c.Contains("FROM \"VirtualMachines\"", StringComparison.Ordinal)).ToList();
        Assert.All(byLocation, c => Assert.DoesNotContain("OFFSET", c, StringComparison.Ordinal));
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

    [Fact]
    public async Task The_filters_sort_and_page_come_from_the_url_and_go_back_into_it()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("vms?os=Linux&sort=Name&desc=true");
        var page = Render<VirtualMachineList>();

        page.WaitForAssertion(() => Assert.Equal(["vm29", "vm27", "vm25"], Names(page).Take(3)));
        Assert.Contains("1-15 of 15", page.Markup);

        var toolbar = page.FindComponent<VmListToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new VmListFilter(Os: OsType.Windows)));
        page.WaitForAssertion(() => Assert.EndsWith("/vms?os=Windows&sort=Name&desc=true", navigation.Uri));
        page.WaitForAssertion(() => Assert.Equal("vm28", Names(page)[0]));
    }

    [Fact]
    public async Task A_cloud_services_name_leads_to_its_vms_and_the_chip_takes_the_narrowing_away()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = Render<VirtualMachineList>();
        page.WaitForAssertion(() => Assert.Contains("1-25 of 30", page.Markup));
        var serviceLink = page.FindAll("tbody tr.mud-table-row a").First(a => a.TextContent.Trim() == "shop");
        Assert.Equal("vms?service=shop", serviceLink.GetAttribute("href"));

        navigation.NavigateTo("vms?service=shop");
        page = Render<VirtualMachineList>();
        page.WaitForAssertion(() => Assert.Contains("1-15 of 15", page.Markup));
        Assert.All(Names(page), name => Assert.Equal(0, int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture) % 2));
        Assert.Contains("Cloud service: shop", page.Find("[data-testid=service-filter]").TextContent);

        await page.InvokeAsync(() => page.FindComponent<MudChip<string>>().Instance.OnClose.InvokeAsync());
        page.WaitForAssertion(() => Assert.Contains("1-25 of 30", page.Markup));
        Assert.DoesNotContain("service=", navigation.Uri);
        Assert.Empty(page.FindAll("[data-testid=service-filter]"));
    }

    [Fact]
    public async Task In_Chinese_the_grid_heads_its_columns_and_says_that_no_vm_matches_in_Chinese()
    {
        using var chinese = InCulture.Chinese();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("vms?service=shop");
        var page = Render<VirtualMachineList>();
        page.WaitForAssertion(() => Assert.Equal(15, Names(page).Count));

        Assert.Equal(["名称", "云服务", "状态", "操作系统", "位置", "大小", "数据磁盘"],
            page.FindAll("thead th").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0));
        Assert.Equal("云服务：shop", page.Find("[data-testid=service-filter]").TextContent.Trim());
        Assert.Equal("创建虚拟机", page.Find("[data-testid=create-vm]").TextContent.Trim());
        Assert.Equal(["启动", "停止"], page.FindAll("[data-testid=bulk-actions] button").Select(b => b.TextContent.Trim()));

        var toolbar = page.FindComponent<VmListToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new VmListFilter(InstanceSize: "Large")));
        page.WaitForAssertion(() => Assert.Equal("没有符合这些筛选条件的虚拟机", page.Find("[data-testid=empty-state] h6").TextContent.Trim()));
        Assert.Equal("清除筛选条件", page.Find("[data-testid=empty-state] button").TextContent.Trim());
    }

    [Fact]
    public void A_page_number_in_the_url_opens_that_page()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("vms?page=2");

        var page = Render<VirtualMachineList>();

        page.WaitForAssertion(() => Assert.Contains("26-30 of 30", page.Markup));
        Assert.Equal(5, Names(page).Count);
    }

    private static List<string> Names(IRenderedComponent<VirtualMachineList> page) =>
        page.FindAll("tbody tr.mud-table-row td.portal-vm-name-cell a").Select(a => a.TextContent.Trim()).ToList();

    /// <summary>vm<paramref name="from"/> to vm<paramref name="to"/>.</summary>
    private static List<string> Names(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => $"vm{i:00}").ToList();

    /// <summary>vm<paramref name="from"/>, two further, … up to vm<paramref name="to"/>.</summary>
    private static List<string> EveryOther(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Where(i => (i - from) % 2 == 0).Select(i => $"vm{i:00}").ToList();

    /// <summary>Every SQL command the portal's contexts send, in order.</summary>
    private sealed class SqlLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _commands = new();

        public IReadOnlyList<string> Commands => [.. _commands];

        public void Clear() => _commands.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _commands.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _commands.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class LoggedDatabase(TestDatabase database, SqlLog log) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() =>
            new(new DbContextOptionsBuilder<PortalDbContext>(database.Options).AddInterceptors(log).Options);
    }
}
