using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Deploy;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests;

/// <summary>The deploy form adapts to its image: R21/R22 provisioning, R25 warning, R26 acknowledgement, R27 sizes.</summary>
public sealed class DeployFormTests : PortalBunitContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("os-linux", ImageKind.OSImage, OsType.Linux, OsState.Generalized),
            Image("gen-vm", ImageKind.VMImage, OsType.Windows, OsState.Generalized, dataDisks: 3),
            Image("spec-running-win", ImageKind.VMImage, OsType.Windows, OsState.Specialized, dataDisks: 1, capturedWhile: VmStatus.ReadyRole),
            Image("spec-stopped-win", ImageKind.VMImage, OsType.Windows, OsState.Specialized, capturedWhile: VmStatus.StoppedVM),
            Image("spec-running-linux", ImageKind.VMImage, OsType.Linux, OsState.Specialized, capturedWhile: VmStatus.ReadyRole),
            Replicated(Image("replicated", ImageKind.OSImage, OsType.Linux, OsState.Generalized), "North Europe"));
    }

    [Fact]
    public async Task A_user_image_with_a_ready_replica_elsewhere_deploys_into_either_location_and_existing_services_there()
    {
        await AddServiceAsync("north-svc", "North Europe");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var page = Open("replicated");

        await page.InvokeAsync(() => page.Find("[data-testid=cloud-service-section] div.mud-input-control.mud-select").MouseDown());
        popovers.WaitForAssertion(() => Assert.Equal(["West US", "North Europe"],
            popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        Assert.Contains("a ready replica in West US and North Europe", page.Find("[data-testid=location-note]").TextContent);
        // An existing service in the replica's location is a choice too (there is none in West US).
        Assert.DoesNotContain("(none in", page.Find("[data-testid=cloud-service-section]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=cloud-service-section] input[type=radio][disabled]"));

        // A user image without replicas still deploys only where it is.
        var single = Open("os-linux");
        Assert.Empty(single.FindAll("[data-testid=location-select]"));
        Assert.Contains("Location: West US", single.Find("[data-testid=location-note]").TextContent);
    }

    [Theory]
    [InlineData("os-linux", true)]
    [InlineData("gen-vm", true)]
    [InlineData("spec-running-win", false)]
    public void Provisioning_is_asked_for_OS_and_generalized_VM_images_only(string image, bool provisioned)
    {
        var page = Open(image);

        Assert.Equal(provisioned, page.FindAll("[data-testid=provisioning-section]").Count == 1);
        Assert.Equal(!provisioned, page.FindAll("[data-testid=specialized-notice]").Count == 1);
        Assert.Equal(provisioned, page.FindAll("[data-testid=count]").Count == 1);
    }

    [Fact]
    public void Sizes_that_cannot_hold_the_data_disks_are_disabled_with_the_reason()
    {
        var page = Open("gen-vm");

        var small = page.Find("[data-testid=size-row][data-size=Small]");
        Assert.Equal("true", small.GetAttribute("data-disabled"));
        Assert.Equal("Holds at most 2 data disks; this image has 3.", small.QuerySelector("[data-testid=size-reason]")!.TextContent.Trim());
        Assert.True(small.QuerySelector("input")!.HasAttribute("disabled"));
        var medium = page.Find("[data-testid=size-row][data-size=Medium]");
        Assert.Equal("false", medium.GetAttribute("data-disabled"));
        Assert.NotNull(medium.QuerySelector("[data-testid=recommended]"));
        Assert.Equal(["ExtraSmall", "Small", "Basic_A0", "Basic_A1"],
            page.FindAll("[data-testid=size-row][data-disabled=true]").Select(r => r.GetAttribute("data-size")));
    }

    [Fact]
    public async Task A_Chinese_user_picks_locations_by_their_Chinese_names()
    {
        using var _ = InCulture.Chinese();
        await AddServiceAsync("north-svc", "North Europe");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var page = Open("replicated");

        await page.InvokeAsync(() => page.Find("[data-testid=cloud-service-section] div.mud-input-control.mud-select").MouseDown());
        popovers.WaitForAssertion(() => Assert.Equal(["美国西部", "北欧"],
            popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
        Assert.Contains("美国西部", page.Find("[data-testid=location-note]").TextContent);
        Assert.DoesNotContain("West US", page.Find("[data-testid=location-note]").TextContent);
    }

    [Fact]
    public void The_forms_warnings_and_checks_read_in_Chinese_for_a_Chinese_user()
    {
        using var _ = InCulture.Chinese();

        var specialized = Open("spec-running-win");
        Assert.Contains("专用化映像无需预配。", specialized.Find("[data-testid=specialized-notice]").TextContent);
        Assert.Contains("远程桌面", specialized.Find("[data-testid=unexpected-shutdown-warning]").TextContent);

        var generalized = Open("gen-vm");
        Assert.Contains("预配", generalized.Find("[data-testid=provisioning-section]").TextContent);
        Assert.Equal("最多只能容纳 2 个数据磁盘；此映像有 3 个。",
            generalized.Find("[data-testid=size-row][data-size=Small] [data-testid=size-reason]").TextContent.Trim());
        Assert.Contains("推荐", generalized.Find("[data-testid=recommended]").TextContent);
    }

    [Theory]
    [InlineData("spec-running-win", true)]
    [InlineData("spec-stopped-win", false)]
    [InlineData("spec-running-linux", false)]
    public void The_first_RDP_warning_shows_only_for_a_capture_of_a_running_Windows_VM(string image, bool warned)
    {
        var page = Open(image);

        Assert.Equal(warned, page.FindAll("[data-testid=unexpected-shutdown-warning]").Count == 1);
    }

    [Fact]
    public async Task Hole_5_a_new_cloud_service_name_that_is_taken_is_said_as_it_is_typed_and_refused_on_submit()
    {
        await AddServiceAsync("taken-svc");
        var page = Open("gen-vm");

        page.Find("[data-testid=cloud-service-section] input[type=text]").Input("taken-svc");

        page.WaitForAssertion(() => Assert.Contains("A cloud service named 'taken-svc' already exists",
            page.Find("[data-testid=cloud-service-section] .mud-input-helper-text.mud-input-error").TextContent));

        // A service created after the form loaded: the form cannot know, the deploy says NameConflict beside the field.
        await AddServiceAsync("late-svc");
        page.Find("[data-testid=cloud-service-section] input[type=text]").Input("late-svc");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=cloud-service-section] .mud-input-helper-text.mud-input-error")));
        FillValidWindowsVm(page, "web1");
        page.Find("[data-testid=deploy-review-button]").Click();

        // The review asks the portal: its refusal lands beside the field, and no review is offered.
        page.WaitForAssertion(() => Assert.Contains("A cloud service named 'late-svc' already exists",
            page.Find("[data-testid=cloud-service-section] .mud-input-helper-text.mud-input-error").TextContent));
        Assert.Empty(page.FindAll("[data-testid=deploy-review]"));
        await using var db = Database.CreateDbContext();
        Assert.False(await db.VirtualMachines.AnyAsync(), "a refused deploy created a VM in someone else's cloud service");
        Assert.Empty(page.FindAll("[data-testid=deploy-error]"));
    }

    [Theory]
    [InlineData("root")]
    [InlineData("Administrator")]
    [InlineData("guest")]
    public void Hole_10_a_reserved_admin_user_name_is_refused_beside_the_field_as_it_is_typed(string reserved)
    {
        var page = Open("gen-vm");

        page.FindAll("[data-testid=provisioning-section] input")[1].Input(reserved);

        page.WaitForAssertion(() => Assert.Contains($"The admin user name '{reserved}' is reserved",
            page.Find("[data-testid=provisioning-section] .mud-input-helper-text.mud-input-error").TextContent));
    }

    /// <summary>Everything but the cloud service: a valid VM name, computer name, admin and password.</summary>
    private static void FillValidWindowsVm(IRenderedComponent<DeployPage> page, string name)
    {
        page.Find("[data-testid=vm-section] input[type=text]").Input(name);
        string[] values = [name, "opsadmin", "Portal-Deploy-Pa55!", "Portal-Deploy-Pa55!"];
        for (var i = 0; i < values.Length; i++) page.FindAll("[data-testid=provisioning-section] input")[i].Input(values[i]);
    }

    private async Task AddServiceAsync(string name, string location = "West US")
    {
        await using var db = Database.CreateDbContext();
        db.CloudServices.Add(new CloudService { Name = name, Location = location, CreatedTime = DateTimeOffset.UtcNow });
        Assert.Equal(1, await db.SaveChangesAsync());
    }

    /// <summary>The image with a Ready replica in <paramref name="location"/>: a copy of its every disk there.</summary>
    private static Image Replicated(Image image, string location)
    {
        foreach (var disk in image.Disks.ToList())
        {
            image.Disks.Add(new ImageDisk
            {
                Name = $"{disk.Name}-{location.Replace(' ', '-')}", Lun = disk.Lun, Location = location, HostCaching = disk.HostCaching,
                MediaLink = disk.MediaLink.Replace("/vhds/", "/replicas/", StringComparison.Ordinal), LogicalSizeInGb = disk.LogicalSizeInGb,
            });
        }
        return image;
    }

    private IRenderedComponent<DeployPage> Open(string image)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"deploy?image={image}");
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=deploy-form]")));
        return page;
    }
}
