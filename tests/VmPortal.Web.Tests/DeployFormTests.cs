using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Web.Components.Pages.Deploy;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests;

/// <summary>The deploy form adapts to its image: R21/R22 provisioning, R25 warning, R26 acknowledgement, R27 sizes.</summary>
public sealed class DeployFormTests : PortalBunitContext
{
    private readonly ScriptedDeploys _deploys = new();

    public DeployFormTests() => Services.AddScoped<ImageActions>(sp => new ScriptedImageActions(sp, _deploys));

    public override async Task InitializeAsync()
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

    [Fact]
    public void A_clone_refusal_offers_the_acknowledgement_and_the_resubmit_carries_it()
    {
        _deploys.Answers.Enqueue(new PortalError(ErrorCodes.SpecializedCloneAcknowledgementRequired,
            "'shop/web1' already runs in virtual network 'corp' with the same Windows machine id.", "acknowledgeSpecializedClone"));
        _deploys.Answers.Enqueue(new OperationView(Guid.NewGuid(), OperationKinds.DeployVm, OperationStatus.InProgress, 0, null, "x", DateTimeOffset.UtcNow, null, null));
        var page = Open("spec-running-win");
        Assert.Empty(page.FindAll("[data-testid=clone-acknowledgement]"));
        page.Find("[data-testid=cloud-service-section] input[type=text]").Input("twin-svc");
        page.Find("[data-testid=vm-section] input[type=text]").Input("twin1");

        page.Find("[data-testid=deploy-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("same Windows machine id", page.Find("[data-testid=clone-acknowledgement]").TextContent));
        Assert.False(_deploys.Requests.Single().AcknowledgeSpecializedClone);
        page.Find("[data-testid=clone-acknowledgement] input[type=checkbox]").Change(true);
        page.Find("[data-testid=deploy-submit]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=deploy-progress]")));
        Assert.Equal(2, _deploys.Requests.Count);
        Assert.True(_deploys.Requests[1].AcknowledgeSpecializedClone);
        Assert.Equal(("twin1", null), (_deploys.Requests[1].Name, _deploys.Requests[1].Provisioning));
    }

    private IRenderedComponent<DeployPage> Open(string image)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"deploy?image={image}");
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=deploy-form]")));
        return page;
    }

    /// <summary>The deploy service's answers, in order, and what it was asked.</summary>
    private sealed class ScriptedDeploys
    {
        public Queue<PortalResult<OperationView>> Answers { get; } = new();
        public List<DeployRequest> Requests { get; } = [];
    }

    private sealed class ScriptedImageActions(IServiceProvider sp, ScriptedDeploys script) : ImageActions(
        sp.GetRequiredService<ImageService>(), sp.GetRequiredService<DeployService>(), sp.GetRequiredService<ISnackbar>(),
        sp.GetRequiredService<VmPortal.Web.Security.PortalUser>())
    {
        public override Task<PortalResult<OperationView>> DeployAsync(string serviceName, DeployRequest request)
        {
            script.Requests.Add(request);
            return Task.FromResult(script.Answers.Dequeue());
        }
    }
}
