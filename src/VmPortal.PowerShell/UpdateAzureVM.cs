using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// Replaces a VM's tags (<c>-Tag @{env='prod'; owner='ops'}</c>; <c>@{}</c> clears them) and returns the VM. Tags change
/// at once: no operation, no restart. Resizing is the portal's VM page or PATCH with instanceSize.
/// </summary>
[Cmdlet(VerbsData.Update, "AzureVM", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class UpdateAzureVM : OneVmCmdlet
{
    [Parameter(Mandatory = true)]
    public Hashtable Tag { get; set; } = [];

    protected override void Run()
    {
        if (!ShouldProcess($"{ServiceName}/{Name}", $"Replace the VM's tags with {Tag.Count} tag(s)")) return;
        var body = new JsonObject { ["tags"] = PortalTags.ToJson(Tag) };
        WriteObject(PortalObjects.Vm(Session.Send(HttpMethod.Patch, NewAzureQuickVM.VmPath(ServiceName, Name), body)!));
    }
}
