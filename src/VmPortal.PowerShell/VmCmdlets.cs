using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// Deploys one VM from an image, creating the cloud service when <c>-Location</c> is given and it does not exist;
/// with <c>-WaitForBoot</c> it returns once the guest answers RDP/SSH.
/// </summary>
[Cmdlet(VerbsCommon.New, "AzureQuickVM", SupportsShouldProcess = true, DefaultParameterSetName = "Windows")]
[OutputType(typeof(PSObject))]
public sealed class NewAzureQuickVM : PortalCmdlet
{
    [Parameter(Mandatory = true, ParameterSetName = "Windows")] public SwitchParameter Windows { get; set; }
    [Parameter(Mandatory = true, ParameterSetName = "Linux")] public SwitchParameter Linux { get; set; }

    [Parameter(Mandatory = true)] public string ServiceName { get; set; } = "";
    [Parameter(Mandatory = true)] public string Name { get; set; } = "";
    [Parameter(Mandatory = true)] public string ImageName { get; set; } = "";
    [Parameter] public string? Location { get; set; }
    [Parameter] public string InstanceSize { get; set; } = "Small";
    [Parameter] public string? MediaLocation { get; set; }
    [Parameter(ParameterSetName = "Windows")] public string? AdminUsername { get; set; }
    [Parameter(ParameterSetName = "Linux")] public string? LinuxUser { get; set; }
    [Parameter] public string? Password { get; set; }
    [Parameter(ParameterSetName = "Linux")] public string? SSHPublicKey { get; set; }
    [Parameter] public string? VNetName { get; set; }
    [Parameter] public string? SubnetName { get; set; }
    [Parameter] public SwitchParameter WaitForBoot { get; set; }
    [Parameter] public SwitchParameter AcknowledgeSpecializedClone { get; set; }

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", $"Deploy from image '{ImageName}'")) return;
        var image = Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!;
        var user = Windows.IsPresent ? AdminUsername : LinuxUser;
        // A specialized image keeps its identity (R22): provisioning data goes only to generalized ones.
        var provisioning = image["osState"]?.GetValue<string>() == "Specialized" || user is null
            ? null
            : new JsonObject { ["computerName"] = Name, ["adminUserName"] = user, ["adminPassword"] = Password, ["sshPublicKey"] = SSHPublicKey };
        var body = new JsonObject
        {
            ["name"] = Name, ["imageName"] = ImageName, ["instanceSize"] = InstanceSize, ["location"] = Location,
            ["mediaLocation"] = MediaLocation, ["waitForBoot"] = WaitForBoot.IsPresent, ["provisioning"] = provisioning,
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

/// <summary>VMs: all of them, those of a cloud service, or one.</summary>
[Cmdlet(VerbsCommon.Get, "AzureVM")]
[OutputType(typeof(PSObject))]
public sealed class GetAzureVM : PortalCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)] public string? ServiceName { get; set; }
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)] public string? Name { get; set; }

    protected override void Run()
    {
        if (ServiceName is not null && Name is not null)
        {
            WriteObject(PortalObjects.Vm(Session.Get(NewAzureQuickVM.VmPath(ServiceName, Name))!));
            return;
        }
        var path = ServiceName is null ? "/api/vms" : $"/api/vms?service={PortalSession.Segment(ServiceName)}";
        foreach (var vm in Session.GetAll(path))
            if (Name is null || string.Equals(vm["name"]?.GetValue<string>(), Name, StringComparison.OrdinalIgnoreCase))
                WriteObject(PortalObjects.Vm(vm));
    }
}

/// <summary>Starts a stopped VM and waits for the operation.</summary>
[Cmdlet(VerbsLifecycle.Start, "AzureVM", SupportsShouldProcess = true)]
public sealed class StartAzureVM : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)] public string ServiceName { get; set; } = "";
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)] public string Name { get; set; } = "";

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", "Start")) return;
        WaitForOperation(Session.Send(HttpMethod.Post, NewAzureQuickVM.VmPath(ServiceName, Name) + "/start", null)!, $"Starting {Name}");
    }
}

/// <summary>Stops a VM: deallocated by default as the classic cmdlet did, or kept allocated with <c>-StayProvisioned</c>.</summary>
[Cmdlet(VerbsLifecycle.Stop, "AzureVM", SupportsShouldProcess = true)]
public sealed class StopAzureVM : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)] public string ServiceName { get; set; } = "";
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)] public string Name { get; set; } = "";
    [Parameter] public SwitchParameter StayProvisioned { get; set; }

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", StayProvisioned ? "Stop (stay provisioned)" : "Stop and deallocate")) return;
        WaitForOperation(Session.Send(HttpMethod.Post, NewAzureQuickVM.VmPath(ServiceName, Name) + "/stop",
            new JsonObject { ["deallocate"] = !StayProvisioned.IsPresent })!, $"Stopping {Name}");
    }
}
