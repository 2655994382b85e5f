using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>An image's replicas in other locations: each location with its state (Replicating, Ready, Failed) and progress.</summary>
[Cmdlet(VerbsCommon.Get, "AzureVMImageReplica")]
[OutputType(typeof(PSObject))]
public sealed class GetAzureVMImageReplica : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    protected override object? Target => ImageName;

    protected override void Run()
    {
        var image = Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!;
        foreach (var replica in image["replicas"]?.AsArray() ?? [])
            WriteObject(ReplicaCmdlets.Replica(ImageName, replica!));
    }
}

/// <summary>Copies a user image's disks into other locations, so VMs there deploy from it; waits until every copy is Ready.</summary>
[Cmdlet(VerbsCommon.Add, "AzureVMImageReplica", SupportsShouldProcess = true)]
[OutputType(typeof(PSObject))]
public sealed class AddAzureVMImageReplica : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    public string[] Location { get; set; } = [];

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (!ShouldProcess(ImageName, $"Copy the image's disks to {string.Join(", ", Location)}")) return;
        var body = new JsonObject { ["locations"] = new JsonArray(Location.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()) };
        var accepted = Session.Send(HttpMethod.Post, $"/api/images/{PortalSession.Segment(ImageName)}/replicas", body)!;
        WaitForOperation(accepted, $"Replicating image {ImageName} to {string.Join(", ", Location)}");
        var image = Session.Get($"/api/images/{PortalSession.Segment(ImageName)}")!;
        foreach (var replica in image["replicas"]?.AsArray() ?? [])
            if (Location.Contains(replica!["location"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase))
                WriteObject(ReplicaCmdlets.Replica(ImageName, replica));
    }
}

/// <summary>Removes an image's replica from one location; with -DeleteVHD its blobs go too.</summary>
[Cmdlet(VerbsCommon.Remove, "AzureVMImageReplica", SupportsShouldProcess = true)]
public sealed class RemoveAzureVMImageReplica : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageNameCompleter))]
    public string ImageName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Location { get; set; } = "";

    [Parameter] public SwitchParameter DeleteVHD { get; set; }

    protected override object? Target => ImageName;

    protected override void Run()
    {
        if (!ShouldProcess($"{ImageName} in {Location}", DeleteVHD ? "Remove the replica and delete its VHD blobs" : "Remove the replica (keep its VHD blobs)")) return;
        var accepted = Session.Send(HttpMethod.Delete,
            $"/api/images/{PortalSession.Segment(ImageName)}/replicas/{PortalSession.Segment(Location)}?deleteVhds={(DeleteVHD ? "true" : "false")}", null)!;
        WaitForOperation(accepted, $"Removing the replica of {ImageName} in {Location}");
    }
}

internal static class ReplicaCmdlets
{
    public static PSObject Replica(string imageName, JsonNode replica)
    {
        var result = new PSObject();
        result.Properties.Add(new PSNoteProperty("ImageName", imageName));
        result.Properties.Add(new PSNoteProperty("Location", replica["location"]?.GetValue<string>()));
        result.Properties.Add(new PSNoteProperty("State", replica["state"]?.GetValue<string>()));
        result.Properties.Add(new PSNoteProperty("Progress", replica["progress"]?.GetValue<int>()));
        result.Properties.Add(new PSNoteProperty("Error", replica["error"]?.GetValue<string>()));
        return result;
    }
}
