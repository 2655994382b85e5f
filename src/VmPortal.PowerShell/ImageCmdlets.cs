using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>OS images first, then VM images (R14); one image with <c>-ImageName</c>.</summary>
[Cmdlet(VerbsCommon.Get, "AzureVMImage")]
[OutputType(typeof(PSObject))]
public sealed class GetAzureVMImage : PortalCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? ImageName { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (ImageName is not null)
        {
            WriteObject(PortalObjects.Image(Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!));
            return;
        }
        foreach (var image in Session.GetAll("/api/images")) WriteObject(PortalObjects.Image(image));
    }
}

/// <summary>
/// Captures a VM into a VM image (<c>-OSState Generalized|Specialized</c>) and waits for it; without
/// <c>-OSState</c> it is a generalized capture, as the classic cmdlet's OS-image parameter set was.
/// </summary>
[Cmdlet(VerbsData.Save, "AzureVMImage", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class SaveAzureVMImage : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public string ServiceName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(VmNameCompleter))]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2)]
    [Alias("NewImageName")]
    public string ImageName { get; set; } = "";

    [Parameter]
    [ValidateSet("Generalized", "Specialized")]
    public string OSState { get; set; } = "Generalized";

    [Parameter]
    [Alias("NewImageLabel")]
    public string? ImageLabel { get; set; }

    [Parameter] public string? Description { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageFamilyCompleter))]
    public string? ImageFamily { get; set; }

    [Parameter] public string? Version { get; set; }
    [Parameter] public SwitchParameter ExcludeFromLatest { get; set; }
    [Parameter] public string? Language { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceSizeCompleter))]
    public string? RecommendedVMSize { get; set; }

    [Parameter] public SwitchParameter DeleteSourceDisks { get; set; }

    protected override object? Target => $"{ServiceName}/{Name}";

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", $"Capture as {OSState} image '{ImageName}'")) return;
        var accepted = Session.Send(HttpMethod.Post, $"{NewAzureQuickVM.VmPath(ServiceName, Name)}/capture",
            new JsonObject
            {
                ["osState"] = OSState, ["imageName"] = ImageName, ["imageLabel"] = ImageLabel, ["description"] = Description,
                ["imageFamily"] = ImageFamily, ["language"] = Language, ["recommendedVmSize"] = RecommendedVMSize,
                ["deleteSourceDisks"] = DeleteSourceDisks.IsPresent, ["version"] = Version, ["excludeFromLatest"] = ExcludeFromLatest.IsPresent,
            })!;
        WaitForOperation(accepted, $"Capturing {Name} as {ImageName}");
        WriteObject(PortalObjects.Image(Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!));
    }
}

/// <summary>
/// Changes what may change after capture (R16): label, description, licence, privacy and icon URIs, language, family and
/// version (<c>-ExcludeFromLatest</c>, <c>-ExcludeFromLatest:$false</c>), recommended size, whether the gallery shows it (<c>-ShowInGui</c>, <c>-ShowInGui:$false</c>) and each disk's host
/// caching (<c>-DiskConfig</c>, from New-AzureVMImageDiskConfigSet). Parameters left out stay as they are.
/// </summary>
[Cmdlet(VerbsData.Update, "AzureVMImage", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class UpdateAzureVMImage : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    [Parameter(Position = 1)] public string? Label { get; set; }
    [Parameter] public string? Description { get; set; }

    [Parameter]
    [Alias("EulaUri")]
    public string? Eula { get; set; }

    [Parameter] public Uri? PrivacyUri { get; set; }
    [Parameter] public Uri? IconUri { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageFamilyCompleter))]
    public string? ImageFamily { get; set; }

    [Parameter] public string? Version { get; set; }
    [Parameter] public SwitchParameter ExcludeFromLatest { get; set; }
    [Parameter] public string? Language { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceSizeCompleter))]
    public string? RecommendedVMSize { get; set; }

    [Parameter] public SwitchParameter ShowInGui { get; set; }

    [Parameter] public VirtualMachineImageDiskConfigSet? DiskConfig { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        var body = new JsonObject();
        void Set(string name, string? value) { if (value is not null) body[name] = value; }
        Set("label", Label);
        Set("description", Description);
        Set("eulaUri", Eula);
        Set("privacyUri", PrivacyUri?.OriginalString);
        Set("iconUri", IconUri?.OriginalString);
        Set("imageFamily", ImageFamily);
        Set("version", Version);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ExcludeFromLatest))) body["excludeFromLatest"] = ExcludeFromLatest.IsPresent;
        Set("language", Language);
        Set("recommendedVmSize", RecommendedVMSize);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ShowInGui))) body["showInGallery"] = ShowInGui.IsPresent;
        if (DiskConfig is not null) DiskConfig.WriteTo(body, () => Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!);
        if (!ShouldProcess(ImageName, $"Update image metadata ({string.Join(", ", body.Select(m => m.Key))})")) return;
        WriteObject(PortalObjects.Image(Session.Send(HttpMethod.Patch, $"/api/images/{PortalSession.Segment(ImageName)}", body)!));
    }
}

/// <summary>
/// Deletes an image; with <c>-DeleteVHD</c> its blobs too, unless another image or disk still uses them (R17). Like the
/// classic cmdlet it does not ask first (ConfirmImpact Medium); <c>-Confirm</c> asks, <c>-WhatIf</c> only tells.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AzureVMImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveAzureVMImage : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    [Parameter] public SwitchParameter DeleteVHD { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (!ShouldProcess(ImageName, DeleteVHD ? "Delete the image and its VHD blobs" : "Delete the image (keep its VHD blobs)")) return;
        var accepted = Session.Send(HttpMethod.Delete, $"/api/images/{PortalSession.Segment(ImageName)}?deleteVhds={(DeleteVHD ? "true" : "false")}", null)!;
        WaitForOperation(accepted, $"Deleting image {ImageName}");
    }
}
