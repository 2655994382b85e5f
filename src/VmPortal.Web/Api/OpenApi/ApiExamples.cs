using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Networks;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.Uploads;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// One example of each body the API reads or writes, as the typed objects themselves: the document serializes them with
/// the API's own JSON settings, so an example cannot drift from its schema (the linter checks them against it too).
/// They tell one story: the VM <c>web01</c> of cloud service <c>contoso-web</c> in West US, captured as <c>web-2026</c>.
/// </summary>
internal static class ApiExamples
{
    public static readonly Guid OperationId = Guid.Parse("6f1c2a9e-4b7d-4e0a-9c35-2d8e1f0b7a41");
    public static readonly Guid UploadId = Guid.Parse("c3a5e0f2-91d4-4b6e-8a27-5f0d3b9c1e64");

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private const string Account = "https://vmpwestus.blob.core.windows.net";

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(TokenRequest)] = new TokenRequest("operator", "Correct-Horse-9"),
        [typeof(TokenResponse)] = new TokenResponse("3q2Z7uYkR1xH0bPjW5aL9sNcE4tVgM8dKf2Lw6Qa", Monday.AddHours(8)),
        [typeof(LocationView)] = new LocationView("West US"),
        [typeof(InstanceSize)] = InstanceSizes.All[2],
        [typeof(StorageAccountView)] = new StorageAccountView("vmpwestus", "West US", Account + "/"),
        [typeof(CreateStorageAccountRequest)] = new CreateStorageAccountRequest("contosostore", "West US"),
        [typeof(CloudServiceView)] = new CloudServiceView("contoso-web", "West US", "Contoso web farm", "Front-end servers of the shop", Monday, 2),
        [typeof(CreateCloudServiceRequest)] = new CreateCloudServiceRequest("contoso-web", "West US", "Contoso web farm", "Front-end servers of the shop"),
        [typeof(VirtualNetworkView)] = new VirtualNetworkView("contoso-net", "West US", "10.0.0.0/16", [new SubnetView("front", "10.0.1.0/24")]),
        [typeof(CreateVirtualNetworkRequest)] = new CreateVirtualNetworkRequest("contoso-net", "West US", "10.0.0.0/16", [new SubnetRequest("front", "10.0.1.0/24")]),
        [typeof(DiskView)] = DataDisk,
        [typeof(OperationView)] = new OperationView(OperationId, OperationKinds.CaptureVmImage, OperationStatus.InProgress, 40,
            "Copying disk 2 of 3", OperationTargets.Image("web-2026"), Monday, null, null, ImageName: "web-2026"),
        [typeof(VmResource)] = Vm,
        [typeof(DeployRequest)] = new DeployRequest("web03", "web-2026", "Medium", Location: "West US",
            Provisioning: new ProvisioningData("web03", "azureuser", "Correct-Horse-9"),
            Network: new NetworkConfiguration("contoso-net", "front", [new EndpointRequest("rdp", "tcp", 3389, 3389)])),
        [typeof(StopVmBody)] = new StopVmBody(Deallocate: true),
        [typeof(ResizeVmBody)] = new ResizeVmBody("Large"),
        [typeof(AttachDataDiskBody)] = new AttachDataDiskBody(1, nameof(HostCaching.ReadOnly), "logs", 20, null),
        [typeof(CaptureRequest)] = new CaptureRequest(nameof(OsState.Specialized), "web-2026", "Web server, March 2026",
            "IIS and the shop, before the upgrade", "en-US", "Contoso-Web", "Medium", Version: "2026.3.0", ExcludeFromLatest: true),
        [typeof(CapturePreview)] = new CapturePreview(
            [new PlannedCopy("web01-os", null, "vmpwestus", "vhds/web-2026-os-2026-03-02.vhd", false),
             new PlannedCopy("web01-data-0", 0, "vmpwestus", "vhds/web-2026-datadisk-0-2026-03-02.vhd", false)],
            ["The VM keeps running and is left as it is."],
            [CaptureWarning.MemoryStateNotCaptured, CaptureWarning.ShutDownForConsistency],
            []),
        [typeof(ImageView)] = Image,
        [typeof(ImageFamilyView)] = new ImageFamilyView("Contoso-Web", OsType.Windows, "web-2026", ["2025.11.0", "2026.3.0"]),
        [typeof(ImageUpdate)] = new ImageUpdate(Label: "Web server, March 2026", Description: "IIS and the shop", ShowInGallery: true,
            Version: "2026.3.0", ExcludeFromLatest: false,
            OsDiskConfiguration: new OsDiskUpdate(nameof(HostCaching.ReadWrite)),
            DataDiskConfigurations: [new DataDiskUpdate(0, nameof(HostCaching.ReadOnly))]),
        [typeof(RegisterVmImageRequest)] = new RegisterVmImageRequest("web-2026", "Web server, March 2026",
            new OsDiskRegistration($"{Account}/vhds/web01-os.vhd", nameof(OsType.Windows), nameof(OsState.Specialized), nameof(HostCaching.ReadWrite)),
            [new DataDiskRegistration($"{Account}/vhds/web01-data-0.vhd", 0, nameof(HostCaching.ReadOnly))],
            ImageFamily: "Contoso-Web", Version: "2026.3.0", ExcludeFromLatest: true),
        [typeof(ReplicateImageRequest)] = new ReplicateImageRequest(["North Europe", "East Asia"]),
        [typeof(RegisterOsImageRequest)] = new RegisterOsImageRequest("ubuntu-base", "Ubuntu base", $"{Account}/vhds/ubuntu-base.vhd", nameof(OsType.Linux),
            ImageFamily: "Ubuntu-Base", Version: "1.0.0"),
        [typeof(CreateUploadRequest)] = new CreateUploadRequest("ubuntu-base", 136_365_212_160 + 512, "West US"),
        [typeof(UploadView)] = new UploadView(UploadId, "ubuntu-base", "West US", $"{Account}/vhds/ubuntu-base.vhd", 136_365_212_160 + 512,
            UploadRules.ChunkBytes, UploadState.Receiving, [new ReceivedRange(0, 8_388_608), new ReceivedRange(2_147_483_648, 2_151_677_952)],
            Monday.AddHours(24)),
        [typeof(UploadCompletion)] = new UploadCompletion($"{Account}/vhds/ubuntu-base.vhd"),
        [typeof(StorageHealthReport)] = new StorageHealthReport(Monday, 31, [OrphanBlob]),
        [typeof(StorageRepairRequest)] = new StorageRepairRequest([OrphanBlob.Id]),
    };

    private static StorageProblem OrphanBlob => new(
        StorageProblemIds.For(StorageProblemKind.OrphanBlob, $"{Account}/vhds/web01-old-os.vhd"), StorageProblemKind.OrphanBlob, null,
        $"{Account}/vhds/web01-old-os.vhd", 2_147_483_648,
        "No disk, image or upload refers to this page blob, and no operation in progress needs it. Register it as a disk or image to keep it; otherwise deleting it frees what it stores.");

    private static DiskView DataDisk => new("web01-data-0", $"{Account}/vhds/web01-data-0.vhd", "logs", HostCaching.ReadOnly, 20,
        268_435_456, 0, null, new DiskAttachment("contoso-web", "web01"), BlobMissing: false);

    private static VmResource Vm => new("web01", "contoso-web", "West US", "Medium", OsType.Windows, VmStatus.ReadyRole, PowerState.Started,
        GuestReady: true, "Windows-Server-2012-R2-Datacenter",
        new DiskView("web01-os", $"{Account}/vhds/web01-os.vhd", null, HostCaching.ReadWrite, 127, 4_294_967_296, null, OsType.Windows,
            new DiskAttachment("contoso-web", "web01"), BlobMissing: false),
        [DataDisk], [new VmPortal.Core.Catalogue.Endpoint { Name = "rdp", Protocol = "tcp", PublicPort = 3389, LocalPort = 3389 }], "contoso-net", "front",
        new GuestView("web01", "azureuser", Guid.Parse("0b8f3c2e-7d41-4a6f-8e19-5c2a7d9e3f10"), false, true, 3, Monday.AddHours(-2), true, false),
        SharesMachineId: false, BlobMissing: false, new Dictionary<string, string> { ["env"] = "prod" });

    private static ImageView Image => new("web-2026", ImageKind.VMImage, "Web server, March 2026", "IIS and the shop, before the upgrade",
        ImageCategory.User, "West US", ["West US"], OsType.Windows, OsState.Specialized, ImageState.Ready, "Contoso-Web", "2026.3.0",
        ExcludeFromLatest: false, "en-US", "Medium",
        null, null, null, ShowInGallery: true, Monday, Monday, new Dictionary<string, string> { ["env"] = "prod", ["team"] = "web" }, Protected: true,
        new ImageLifecycleView(LifecycleState.Deprecated, Monday, Monday.AddMonths(3), "web-2026-04"), DeletedTime: null, PurgeAt: null,
        new SourceVmView("contoso-web", "web01"), VmStatus.ReadyRole, "Medium",
        new OsDiskConfigurationView("web-2026-os", HostCaching.ReadWrite, OsState.Specialized, OsType.Windows,
            $"{Account}/vhds/web-2026-os-2026-03-02.vhd", 127, "West US", 4_294_967_296, BlobMissing: false),
        [new DataDiskConfigurationView("web-2026-datadisk-0", HostCaching.ReadOnly, 0, $"{Account}/vhds/web-2026-datadisk-0-2026-03-02.vhd", 20, 268_435_456, BlobMissing: false)],
        DeployedVmCount: 1, [new DeployedVmView("contoso-web", "web03", VmStatus.ReadyRole)], BlobMissing: false,
        [new ImageReplicaView("West US", ReplicaState.Ready, 100), new ImageReplicaView("North Europe", ReplicaState.Replicating, 50),
         new ImageReplicaView("East Asia", ReplicaState.Failed, 0, "storage answered 503 ServerBusy")]);

    /// <summary>
    /// The last key of the example page of each list paged by key (VMs by cloud service and name, images by kind and
    /// upper-cased name, disks by name): its example page goes on, so it shows a <c>continuationToken</c>.
    /// </summary>
    private static readonly Dictionary<Type, string[]> LastKeys = new()
    {
        [typeof(VmResource)] = ["contoso-web", "web01"],
        [typeof(ImageView)] = [nameof(ImageKind.VMImage), "WEB-2026"],
        [typeof(DiskView)] = ["web01-data-0"],
    };

    /// <summary>Lists paged by key show a first page of one item out of two, with the token of the second page.</summary>
    private const int KeysetExampleTotal = 2;

    /// <summary>The token after the example page of a list of <paramref name="item"/>, if that list is paged by key.</summary>
    public static string? NextPage(Type item) =>
        LastKeys.TryGetValue(item, out var last) ? new Continuation(last, KeysetExampleTotal).Encode() : null;

    /// <summary>
    /// The example of a body of <paramref name="type"/>: a registered one, a one-item page or list of one, or none.
    /// Lists of reference data show all of it.
    /// </summary>
    public static object? For(Type type)
    {
        if (type == typeof(List<LocationView>)) return Locations.All.Select(l => new LocationView(l)).ToList();
        if (type == typeof(IReadOnlyList<InstanceSize>)) return InstanceSizes.All;
        if (Examples.TryGetValue(type, out var example)) return example;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Page<>))
        {
            var item = type.GetGenericArguments()[0];
            if (For(item) is not { } one) return null;
            var items = Array.CreateInstance(item, 1);
            items.SetValue(one, 0);
            var next = NextPage(item);
            return Activator.CreateInstance(type, items, next is null ? 1 : KeysetExampleTotal, next);
        }
        return null;
    }

    /// <summary>The <c>Location</c> of a created example: images live at <c>/api/images/{name}</c> whichever route made them.</summary>
    public static string LocationOf(object? created, string? collectionPath)
    {
        if (created is UploadView upload) return $"{PortalApi.Prefix}{UploadEndpoints.Path}/{upload.Id}";
        var name = created?.GetType().GetProperty("Name")?.GetValue(created) as string ?? "contoso-web";
        var collection = created is ImageView ? $"{PortalApi.Prefix[1..]}/images" : collectionPath?.TrimEnd('/');
        return $"/{collection}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>Every example type, for the tests that check each one is used.</summary>
    public static IEnumerable<Type> Types => Examples.Keys;
}
