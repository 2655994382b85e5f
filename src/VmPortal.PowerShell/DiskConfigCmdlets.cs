using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// The host caching to set on an image's disks, built as the classic module did: New-AzureVMImageDiskConfigSet, then
/// Set-AzureVMImageOSDiskConfig and Set-AzureVMImageDataDiskConfig, then Update-AzureVMImage -DiskConfig.
/// </summary>
public sealed class VirtualMachineImageDiskConfigSet
{
    public string? OSDiskHostCaching { get; set; }

    /// <summary>Data disks by LUN, or by name (<c>DataDiskName</c>) to be looked up on the image when it is updated.</summary>
    public List<DataDiskConfig> DataDiskConfigurations { get; } = [];

    internal void WriteTo(JsonObject body, Func<JsonNode> image)
    {
        if (OSDiskHostCaching is not null) body["osDiskConfiguration"] = new JsonObject { ["hostCaching"] = OSDiskHostCaching };
        if (DataDiskConfigurations.Count == 0) return;
        var disks = new JsonArray();
        foreach (var disk in DataDiskConfigurations)
            disks.Add(new JsonObject { ["lun"] = disk.Lun ?? LunOf(image(), disk.DataDiskName!), ["hostCaching"] = disk.HostCaching });
        body["dataDiskConfigurations"] = disks;
    }

    private static int LunOf(JsonNode image, string name) =>
        (image["dataDiskConfigurations"]?.AsArray() ?? [])
            .FirstOrDefault(d => string.Equals(d?["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))?["lun"]?.GetValue<int>()
        ?? throw new PortalApiException("NotFound", $"The image '{image["name"]}' has no data disk named '{name}'.");
}

/// <summary>One data disk's host caching, by LUN or by name.</summary>
public sealed record DataDiskConfig(int? Lun, string? DataDiskName, string HostCaching);

/// <summary>An empty set of disk settings for Update-AzureVMImage -DiskConfig.</summary>
[Cmdlet(VerbsCommon.New, "AzureVMImageDiskConfigSet")]
[OutputType(typeof(VirtualMachineImageDiskConfigSet))]
public sealed class NewAzureVMImageDiskConfigSet : PSCmdlet
{
    protected override void ProcessRecord() => WriteObject(new VirtualMachineImageDiskConfigSet());
}

/// <summary>Sets the OS disk's host caching in a disk configuration set.</summary>
[Cmdlet(VerbsCommon.Set, "AzureVMImageOSDiskConfig")]
[OutputType(typeof(VirtualMachineImageDiskConfigSet))]
public sealed class SetAzureVMImageOSDiskConfig : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)] public VirtualMachineImageDiskConfigSet DiskConfig { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("ReadOnly", "ReadWrite")]
    public string HostCaching { get; set; } = "";

    protected override void ProcessRecord()
    {
        DiskConfig.OSDiskHostCaching = HostCaching;
        WriteObject(DiskConfig);
    }
}

/// <summary>Sets one data disk's host caching in a disk configuration set, by LUN or by disk name.</summary>
[Cmdlet(VerbsCommon.Set, "AzureVMImageDataDiskConfig", DefaultParameterSetName = "ByLun")]
[OutputType(typeof(VirtualMachineImageDiskConfigSet))]
public sealed class SetAzureVMImageDataDiskConfig : PSCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)] public VirtualMachineImageDiskConfigSet DiskConfig { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "ByLun")]
    [ValidateRange(0, 63)]
    public int Lun { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "ByName")] public string DataDiskName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("None", "ReadOnly", "ReadWrite")]
    public string HostCaching { get; set; } = "";

    protected override void ProcessRecord()
    {
        var byLun = ParameterSetName == "ByLun";
        DiskConfig.DataDiskConfigurations.RemoveAll(d => byLun ? d.Lun == Lun : string.Equals(d.DataDiskName, DataDiskName, StringComparison.OrdinalIgnoreCase));
        DiskConfig.DataDiskConfigurations.Add(new DataDiskConfig(byLun ? Lun : null, byLun ? null : DataDiskName, HostCaching));
        WriteObject(DiskConfig);
    }
}
