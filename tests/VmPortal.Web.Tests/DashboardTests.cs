using VmPortal.Core.Catalogue;
using VmPortal.Web.Components.Pages.Dashboard;

namespace VmPortal.Web.Tests;

public sealed class DashboardTests : PortalBunitContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = Database.CreateDbContext();
        var service = new CloudService { Name = "shop", Location = "West US", CreatedTime = DateTimeOffset.UtcNow };
        service.VirtualMachines.Add(Vm("web1", VmStatus.ReadyRole));
        service.VirtualMachines.Add(Vm("web2", VmStatus.RoleStateUnknown));
        service.VirtualMachines.Add(Vm("db1", VmStatus.StoppedDeallocated));
        db.CloudServices.Add(service);
        db.Images.Add(Image("ubuntu-14-04", ImageKind.OSImage));
        db.Images.Add(Image("web-2026", ImageKind.VMImage));
        db.Images.Add(Image("db-2026", ImageKind.VMImage));
        await db.SaveChangesAsync();
    }

    [Fact]
    public void Shows_the_counts_read_from_the_database()
    {
        var page = Render<Dashboard>();

        page.WaitForAssertion(() =>
        {
            var cards = page.FindAll("[data-testid=count-card]")
                .ToDictionary(c => c.QuerySelector(".mud-typography-subtitle1")!.TextContent.Trim(),
                              c => c.QuerySelector("[data-testid=count]")!.TextContent.Trim());
            Assert.Equal("3", cards["Virtual machines"]);
            Assert.Equal("3", cards["Images"]);
            Assert.Equal("1", cards["Cloud services"]);
            Assert.Equal("0", cards["Disks"]);
        });
        Assert.Contains("2 running · 1 stopped", page.Markup);
        Assert.Contains("1 OS images · 2 VM images", page.Markup);
    }

    private static VirtualMachine Vm(string name, VmStatus status) => new()
    {
        Name = name, InstanceSize = "Small", Os = OsType.Linux, Status = status, CreatedTime = DateTimeOffset.UtcNow,
    };

    private static Image Image(string name, ImageKind kind) => new()
    {
        Name = name, Kind = kind, Label = name, Location = "West US", Os = OsType.Linux,
        OsState = OsState.Generalized, CreatedTime = DateTimeOffset.UtcNow,
    };
}
