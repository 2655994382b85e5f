using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
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
            Image("spec-running-linux", ImageKind.VMImage, OsType.Linux, OsState.Specialized, capturedWhile: VmStatus.ReadyRole));
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

    [Theory]
    [InlineData("spec-running-win", true)]
    [InlineData("spec-stopped-win", false)]
    [InlineData("spec-running-linux", false)]
    public void The_first_RDP_warning_shows_only_for_a_capture_of_a_running_Windows_VM(string image, bool warned)
    {
        var page = Open(image);

        Assert.Equal(warned, page.FindAll("[data-testid=unexpected-shutdown-warning]").Count == 1);
    }

    private IRenderedComponent<DeployPage> Open(string image)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"deploy?image={image}");
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=deploy-form]")));
        return page;
    }
}
