using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// OS images first, then VM images (R14); one image with <c>-ImageName</c>; those carrying every tag of <c>-Tag</c>
/// (<c>@{env='prod'}</c>; a value of <c>'*'</c> or <c>$null</c> matches any value); the recycle bin with <c>-Deleted</c>.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AzureVMImage")]
[OutputType(typeof(PSObject))]
public sealed class GetAzureVMImage : PortalCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? ImageName { get; set; }

    [Parameter] public Hashtable? Tag { get; set; }
    [Parameter] public SwitchParameter Deleted { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (ImageName is not null)
        {
            WriteObject(PortalObjects.Image(Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!));
            return;
        }
        var path = PortalTags.Filtered(Deleted ? "/api/images?deleted=true" : "/api/images", Tag);
        foreach (var image in Session.GetAll(path)) WriteObject(PortalObjects.Image(image));
    }
}

/// <summary>
/// Captures a VM into a VM image (<c>-OSState Generalized|Specialized</c>) and waits for it; without
/// <c>-OSState</c> it is a generalized capture, as the classic cmdlet's OS-image parameter set was.
/// </summary>
[Cmdlet(VerbsData.Save, "AzureVMImage", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class SaveAzureVMImage : OneVmCmdlet
{
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
    [Parameter] public Hashtable? Tag { get; set; }

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", $"Capture as {OSState} image '{ImageName}'")) return;
        var accepted = Session.Send(HttpMethod.Post, $"{NewAzureQuickVM.VmPath(ServiceName, Name)}/capture",
            new JsonObject
            {
                ["osState"] = OSState, ["imageName"] = ImageName, ["imageLabel"] = ImageLabel, ["description"] = Description,
                ["imageFamily"] = ImageFamily, ["language"] = Language, ["recommendedVmSize"] = RecommendedVMSize,
                ["deleteSourceDisks"] = DeleteSourceDisks.IsPresent, ["version"] = Version, ["excludeFromLatest"] = ExcludeFromLatest.IsPresent,
                ["tags"] = Tag is null ? null : PortalTags.ToJson(Tag),
            })!;
        WaitForOperation(accepted, $"Capturing {Name} as {ImageName}");
        WriteObject(PortalObjects.Image(Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!));
    }
}

/// <summary>
/// Changes what may change after capture (R16): label, description, licence, privacy and icon URIs, language, family and
/// version (<c>-ExcludeFromLatest</c>, <c>-ExcludeFromLatest:$false</c>), recommended size, whether the gallery shows it (<c>-ShowInGui</c>, <c>-ShowInGui:$false</c>) and each disk's host
/// caching (<c>-DiskConfig</c>, from New-AzureVMImageDiskConfigSet). Also its protection (<c>-Protected</c>,
/// <c>-Protected:$false</c>), tags (<c>-Tag @{env='prod'}</c>, replacing all of them; <c>@{}</c> clears them) and life cycle:
/// <c>-DeprecateAt</c>, <c>-ObsoleteAt</c> and <c>-Replacement</c> change only what is given (<c>$null</c> clears one).
/// Parameters left out stay as they are.
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
    [Parameter] public SwitchParameter Protected { get; set; }
    [Parameter] public Hashtable? Tag { get; set; }
    [Parameter] public DateTimeOffset? DeprecateAt { get; set; }
    [Parameter] public DateTimeOffset? ObsoleteAt { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? Replacement { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        var body = new JsonObject();
        var bound = MyInvocation.BoundParameters;
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
        if (bound.ContainsKey(nameof(Protected))) body["protected"] = Protected.IsPresent;
        if (Tag is not null) body["tags"] = PortalTags.ToJson(Tag);
        if (bound.ContainsKey(nameof(DeprecateAt)) || bound.ContainsKey(nameof(ObsoleteAt)) || bound.ContainsKey(nameof(Replacement)))
            body["lifecycle"] = Lifecycle(bound);
        if (!ShouldProcess(ImageName, $"Update image metadata ({string.Join(", ", body.Select(m => m.Key))})")) return;
        WriteObject(PortalObjects.Image(Session.Send(HttpMethod.Patch, $"/api/images/{PortalSession.Segment(ImageName)}", body)!));
    }

    /// <summary>The API replaces the life cycle whole, so what was not given is read from the image first and sent back.</summary>
    private JsonObject Lifecycle(Dictionary<string, object> bound)
    {
        var current = Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!["lifecycle"];
        JsonNode? Pick(string parameter, string member, object? given) =>
            bound.ContainsKey(parameter) ? given switch
            {
                null => null,
                DateTimeOffset date => date.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                var text => text.ToString(),
            } : current?[member]?.DeepClone();
        return new JsonObject
        {
            ["deprecateAt"] = Pick(nameof(DeprecateAt), "deprecateAt", DeprecateAt),
            ["obsoleteAt"] = Pick(nameof(ObsoleteAt), "obsoleteAt", ObsoleteAt),
            ["replacement"] = Pick(nameof(Replacement), "replacement", Replacement),
        };
    }
}

/// <summary>
/// Deletes an image into the recycle bin (restorable with Restore-AzureVMImage until its purge time); with <c>-DeleteVHD</c>
/// its blobs go too when it is purged, unless another image or disk still uses them (R17). <c>-Purge</c> removes it for good
/// now, from the gallery or from the recycle bin. Like the classic cmdlet it does not ask first (ConfirmImpact Medium);
/// <c>-Confirm</c> asks, <c>-WhatIf</c> only tells.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "AzureVMImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveAzureVMImage : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    [Parameter] public SwitchParameter DeleteVHD { get; set; }
    [Parameter] public SwitchParameter Purge { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        var what = (Purge.IsPresent, DeleteVHD.IsPresent) switch
        {
            (true, true) => "Purge the image for good and delete its VHD blobs",
            (true, false) => "Purge the image for good (keep its VHD blobs)",
            (false, true) => "Move the image to the recycle bin; its VHD blobs are deleted when it is purged",
            (false, false) => "Move the image to the recycle bin (keep its VHD blobs)",
        };
        if (!ShouldProcess(ImageName, what)) return;
        var query = $"deleteVhds={(DeleteVHD ? "true" : "false")}{(Purge ? "&purge=true" : "")}";
        var accepted = Session.Send(HttpMethod.Delete, $"/api/images/{PortalSession.Segment(ImageName)}?{query}", null)!;
        WaitForOperation(accepted, Purge ? $"Purging image {ImageName}" : $"Deleting image {ImageName}");
    }
}

/// <summary>Brings an image back from the recycle bin, as it was when deleted, and returns it.</summary>
[Cmdlet(VerbsData.Restore, "AzureVMImage", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class RestoreAzureVMImage : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string ImageName { get; set; } = "";

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (!ShouldProcess(ImageName, "Restore the image from the recycle bin")) return;
        WriteObject(PortalObjects.Image(Session.Send(HttpMethod.Post, $"/api/images/{PortalSession.Segment(ImageName)}/restore", null)!));
    }
}
