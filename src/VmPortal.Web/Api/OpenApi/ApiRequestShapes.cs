using Microsoft.OpenApi;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Networks;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.Uploads;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// What a request body must carry, and which of its strings take an enum's names. The request records are all-nullable
/// so that the services can name a missing member in their refusal; the document says what a client has to send
/// instead: the members listed here are required, every other one may be left out, and none is documented as null.
/// </summary>
internal static class ApiRequestShapes
{
    /// <summary>Each request schema and its required members. A request schema missing here fails the document's tests.</summary>
    public static readonly Dictionary<string, string[]> Required = new()
    {
        [nameof(TokenRequest)] = ["userName", "password"],
        [nameof(CreateStorageAccountRequest)] = ["name", "location"],
        [nameof(CreateCloudServiceRequest)] = ["name", "location"],
        [nameof(CreateVirtualNetworkRequest)] = ["name", "location", "addressSpace", "subnets"],
        [nameof(SubnetRequest)] = ["name", "addressPrefix"],
        // One of imageName and imageFamily, not both: neither is required on its own.
        [nameof(DeployRequest)] = ["name", "instanceSize"],
        [nameof(ProvisioningData)] = ["computerName", "adminUserName"],
        [nameof(NetworkConfiguration)] = [],
        [nameof(EndpointRequest)] = ["name", "protocol", "publicPort", "localPort"],
        [nameof(StopVmBody)] = [],
        [nameof(ResizeVmBody)] = [],
        [nameof(AttachDataDiskBody)] = ["lun"],
        [nameof(CaptureRequest)] = ["osState", "imageName"],
        [nameof(ImageUpdate)] = [],
        [nameof(OsDiskUpdate)] = [],
        [nameof(ImageLifecycleUpdate)] = [],
        [nameof(DataDiskUpdate)] = ["lun"],
        [nameof(RegisterVmImageRequest)] = ["name", "osDiskConfiguration"],
        [nameof(OsDiskRegistration)] = ["mediaLink", "os", "osState"],
        [nameof(DataDiskRegistration)] = ["mediaLink", "lun"],
        [nameof(RegisterOsImageRequest)] = ["name", "mediaLink", "os"],
        [nameof(ReplicateImageRequest)] = ["locations"],
        [nameof(StorageRepairRequest)] = ["problems"],
        [nameof(CreateUploadRequest)] = ["name", "sizeBytes", "location"],
    };

    /// <summary>Request members that take one of an enum's names, wherever they appear (API.md "Shapes common to every resource").</summary>
    private static readonly Dictionary<string, Type> Enums = new()
    {
        ["os"] = typeof(OsType),
        ["osState"] = typeof(OsState),
        ["hostCaching"] = typeof(HostCaching),
    };

    /// <summary>Endpoint protocols, lower case as the portal stores them.</summary>
    private static readonly string[] Protocols = ["tcp", "udp"];

    public static void Apply(OpenApiDocument document)
    {
        foreach (var (name, required) in Required)
        {
            if (document.Components?.Schemas?.TryGetValue(name, out var found) != true || found is not OpenApiSchema schema) continue;
            schema.Required = new HashSet<string>(required);
            foreach (var property in schema.Properties?.Keys.ToList() ?? [])
            {
                var member = SchemaShapes.NonNull(schema.Properties![property]);
                // Generators read a default as "always present" (a response's view); in a request it only means "may be left out".
                if (member is OpenApiSchema withDefault) withDefault.Default = null;
                if (Enums.TryGetValue(property, out var type)) member = new OpenApiSchemaReference(type.Name, document);
                else if (property == "protocol" && member is OpenApiSchema text) text.Enum = [.. Protocols.Select(p => (System.Text.Json.Nodes.JsonNode)p)];
                schema.Properties[property] = member;
            }
        }
    }
}
