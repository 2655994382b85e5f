using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// Deploys one VM from an image, creating the cloud service when <c>-Location</c> is given and it does not exist;
/// with <c>-WaitForBoot</c> it returns once the guest answers RDP/SSH. The image may come down the pipeline
/// (<c>Get-AzureVMImage x | New-AzureQuickVM …</c>). What the portal would refuse anyway is refused before anything is
/// sent: credentials for a specialized image (R22) and an image of the other OS than <c>-Windows</c>/<c>-Linux</c> say.
/// <c>-ImageFamily</c> instead of <c>-ImageName</c> deploys the family's latest version in the cloud service's location; the
/// checks then read the family's latest anywhere (the portal resolves it where the VM goes).
/// </summary>
[Cmdlet(VerbsCommon.New, "AzureQuickVM", SupportsShouldProcess = true, DefaultParameterSetName = "Windows")]
[OutputType(typeof(PSObject))]
public sealed class NewAzureQuickVM : PortalCmdlet
{
    [Parameter(Mandatory = true, ParameterSetName = "Windows")] public SwitchParameter Windows { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = "Linux")] public SwitchParameter Linux { get; set; }

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public string ServiceName { get; set; } = "";

    [Parameter(Mandatory = true)] public string Name { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string? ImageName { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageFamilyCompleter))]
    public string? ImageFamily { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(LocationCompleter))]
    public string? Location { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceSizeCompleter))]
    public string InstanceSize { get; set; } = "Small";

    [Parameter] public string? MediaLocation { get; set; }
    [Parameter(ParameterSetName = "Windows")] public string? AdminUsername { get; set; }
    [Parameter(ParameterSetName = "Linux")] public string? LinuxUser { get; set; }
    [Parameter] public string? Password { get; set; }
    [Parameter(ParameterSetName = "Linux")] public string? SSHPublicKey { get; set; }
    [Parameter] public string? VNetName { get; set; }
    [Parameter] public string? SubnetName { get; set; }
    [Parameter] public SwitchParameter WaitForBoot { get; set; }
    [Parameter] public SwitchParameter AcknowledgeSpecializedClone { get; set; }

    protected override object? Target => $"{ServiceName}/{Name}";

    protected override void Run()
    {
        if ((ImageName is null) == (ImageFamily is null))
            throw new PortalApiException("ValidationFailed", "Give -ImageName (that image) or -ImageFamily (the family's latest version), one of the two.");
        var image = ImageName is not null
            ? Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!
            : Session.Get($"/api/image-families/{PortalSession.Segment(ImageFamily!)}/latest" +
                          (Location is null ? "" : $"?location={Uri.EscapeDataString(Location)}"))!;
        var shown = ImageName ?? $"{image["name"]?.GetValue<string>()}' (the latest of family '{ImageFamily}')";
        var os = image["os"]?.GetValue<string>();
        var wanted = Linux.IsPresent ? "Linux" : "Windows";
        if (os is not null && os != wanted)
            throw new PortalApiException("OSMismatch",
                $"The image '{shown}' is a {os} image, but -{wanted} was given; use -{os} (and its credentials) for it.");
        var user = Windows.IsPresent ? AdminUsername : LinuxUser;
        var credentials = new[] { user, Password, SSHPublicKey }.Any(c => c is not null);
        if (image["osState"]?.GetValue<string>() == "Specialized" && credentials)
            throw new PortalApiException("ProvisioningNotAllowedForSpecializedImage",
                $"The image '{shown}' is specialized: a VM from it keeps the source's computer name, users and passwords (R22). " +
                "Leave out -AdminUsername, -LinuxUser, -Password and -SSHPublicKey.");
        if (!ShouldProcess($"{ServiceName}/{Name}", ImageName is not null ? $"Deploy from image '{ImageName}'" : $"Deploy the latest of image family '{ImageFamily}'"))
            return;
        var body = new JsonObject
        {
            ["name"] = Name, ["imageName"] = ImageName, ["imageFamily"] = ImageFamily, ["instanceSize"] = InstanceSize, ["location"] = Location,
            ["mediaLocation"] = MediaLocation, ["waitForBoot"] = WaitForBoot.IsPresent,
            ["provisioning"] = credentials
                ? new JsonObject { ["computerName"] = Name, ["adminUserName"] = user, ["adminPassword"] = Password, ["sshPublicKey"] = SSHPublicKey }
                : null,
            ["acknowledgeSpecializedClone"] = AcknowledgeSpecializedClone.IsPresent,
            ["network"] = VNetName is null ? null : new JsonObject { ["virtualNetwork"] = VNetName, ["subnet"] = SubnetName },
        };
        // A cloud service name is a DNS label, so its case carries no meaning: "MySvc1" is mysvc1.cloudapp.net.
        var service = ServiceName.ToLowerInvariant();
        var accepted = Session.Send(HttpMethod.Post, $"/api/cloud-services/{PortalSession.Segment(service)}/vms", body)!;
        WaitForOperation(accepted, WaitForBoot ? $"Deploying {Name} and waiting for its guest" : $"Deploying {Name}");
        WriteObject(PortalObjects.Vm(Session.Get(VmPath(service, Name))!));
    }

    internal static string VmPath(string service, string name) =>
        $"/api/cloud-services/{PortalSession.Segment(service)}/vms/{PortalSession.Segment(name)}";
}

/// <summary>VMs: all of them, those of a cloud service, or one; with <c>-Tag @{env='prod'}</c> those carrying every tag given.</summary>
[Cmdlet(VerbsCommon.Get, "AzureVM")]
[OutputType(typeof(PSObject))]
public sealed class GetAzureVM : PortalCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public string? ServiceName { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(VmNameCompleter))]
    public string? Name { get; set; }

    [Parameter] public Hashtable? Tag { get; set; }

    protected override object? Target => Name is null ? ServiceName : $"{ServiceName}/{Name}";

    protected override void Run()
    {
        if (ServiceName is not null && Name is not null && Tag is null)
        {
            WriteObject(PortalObjects.Vm(Session.Get(NewAzureQuickVM.VmPath(ServiceName, Name))!));
            return;
        }
        var path = PortalTags.Filtered(ServiceName is null ? "/api/vms" : $"/api/vms?service={PortalSession.Segment(ServiceName)}", Tag);
        foreach (var vm in Session.GetAll(path))
            if (Name is null || string.Equals(vm["name"]?.GetValue<string>(), Name, StringComparison.OrdinalIgnoreCase))
                WriteObject(PortalObjects.Vm(vm));
    }
}

/// <summary>A cmdlet that acts on one VM, named or from the pipeline (<c>Get-AzureVM | Start-AzureVM</c>).</summary>
public abstract class OneVmCmdlet : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ServiceNameCompleter))]
    public string ServiceName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(VmNameCompleter))]
    public string Name { get; set; } = "";

    protected override object? Target => $"{ServiceName}/{Name}";
}

/// <summary>
/// What Start-, Stop- and Restart-AzureVM share: the operation followed to its end, and with <c>-PassThru</c> the VM as
/// it is afterwards.
/// </summary>
public abstract class VmPowerCmdlet : OneVmCmdlet
{
    [Parameter] public SwitchParameter PassThru { get; set; }

    private protected void Power(string action, string description, JsonNode? body, string activity)
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", description)) return;
        WaitForOperation(Session.Send(HttpMethod.Post, $"{NewAzureQuickVM.VmPath(ServiceName, Name)}/{action}", body)!, activity);
        if (PassThru) WriteObject(PortalObjects.Vm(Session.Get(NewAzureQuickVM.VmPath(ServiceName, Name))!));
    }
}

/// <summary>Starts a stopped VM and waits for the operation.</summary>
[Cmdlet(VerbsLifecycle.Start, "AzureVM", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class StartAzureVM : VmPowerCmdlet
{
    protected override void Run() => Power("start", "Start", null, $"Starting {Name}");
}

/// <summary>Restarts a running VM: a clean shutdown, then a boot.</summary>
[Cmdlet(VerbsLifecycle.Restart, "AzureVM", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class RestartAzureVM : VmPowerCmdlet
{
    protected override void Run() => Power("restart", "Restart", null, $"Restarting {Name}");
}

/// <summary>Stops a VM: deallocated by default as the classic cmdlet did, or kept allocated with <c>-StayProvisioned</c>.</summary>
[Cmdlet(VerbsLifecycle.Stop, "AzureVM", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class StopAzureVM : VmPowerCmdlet
{
    [Parameter] public SwitchParameter StayProvisioned { get; set; }

    protected override void Run() => Power("stop", StayProvisioned ? "Stop (stay provisioned)" : "Stop and deallocate",
        new JsonObject { ["deallocate"] = !StayProvisioned.IsPresent }, $"Stopping {Name}");
}
