using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>Turns the portal's JSON into PowerShell objects with the property names the classic cmdlets used.</summary>
internal static class PortalObjects
{
    /// <summary>
    /// An image as <c>Get-AzureVMImage</c> returns it. Only VM images carry <c>DataDiskConfigurations</c> (possibly
    /// empty), so the seed's filter <c>where {(gm -InputObject $_ -Name DataDiskConfigurations) -ne $null}</c> keeps them.
    /// </summary>
    public static PSObject Image(JsonNode image)
    {
        var result = new PSObject();
        Add(result, "ImageName", image["name"]);
        foreach (var (json, name) in new[]
                 {
                     ("label", "Label"), ("description", "Description"), ("category", "Category"), ("kind", "Kind"),
                     ("location", "Location"), ("locations", "Locations"), ("os", "OS"), ("osState", "OSState"), ("state", "State"),
                     ("imageFamily", "ImageFamily"), ("version", "Version"), ("excludeFromLatest", "ExcludeFromLatest"), ("language", "Language"), ("recommendedVmSize", "RecommendedVMSize"),
                     ("eulaUri", "EulaUri"), ("privacyUri", "PrivacyUri"), ("iconUri", "IconUri"), ("showInGallery", "ShowInGallery"),
                     ("createdTime", "CreatedTime"), ("modifiedTime", "ModifiedTime"), ("sourceVm", "SourceVM"),
                     ("roleStateOnCapture", "RoleStateOnCapture"), ("roleSizeOnCapture", "RoleSizeOnCapture"),
                     ("osDiskConfiguration", "OSDiskConfiguration"), ("deployedVmCount", "DeployedVMCount"),
                     ("protected", "Protected"), ("lifecycle", "Lifecycle"), ("deletedTime", "DeletedTime"), ("purgeAt", "PurgeAt"),
                 })
            Add(result, name, image[json]);
        result.Properties.Add(new PSNoteProperty("Tags", PortalTags.FromJson(image["tags"])));
        if (image["kind"]?.GetValue<string>() == "VMImage")
            result.Properties.Add(new PSNoteProperty("DataDiskConfigurations",
                (image["dataDiskConfigurations"]?.AsArray() ?? []).Select(d => Convert(d)).ToArray()));
        result.TypeNames.Insert(0, "VmPortal.VMImage");
        return result;
    }

    /// <summary>A VM as <c>Get-AzureVM</c> returns it (the classic names: ServiceName, Name, InstanceSize, Status, PowerState…).</summary>
    public static PSObject Vm(JsonNode vm)
    {
        var result = (PSObject)Convert(vm)!;
        result.Properties.Add(new PSNoteProperty("InstanceStatus", vm["status"]?.GetValue<string>()));
        result.Properties.Remove("Tags");
        result.Properties.Add(new PSNoteProperty("Tags", PortalTags.FromJson(vm["tags"])));
        result.TypeNames.Insert(0, "VmPortal.VM");
        return result;
    }

    public static object? Convert(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => ToPSObject(o),
        JsonArray a => a.Select(Convert).ToArray(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };

    private static PSObject ToPSObject(JsonObject o)
    {
        var result = new PSObject();
        foreach (var (key, value) in o) result.Properties.Add(new PSNoteProperty(char.ToUpperInvariant(key[0]) + key[1..], Convert(value)));
        return result;
    }

    private static void Add(PSObject target, string name, JsonNode? value) => target.Properties.Add(new PSNoteProperty(name, Convert(value)));
}
