using System.Text;
using VmPortal.Core.CloudServices;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.6: <c>&lt;CreateHostedService&gt;</c> as the portal's cloud service (name, location, label, description).
/// The classic API sends the label base64-encoded. The portal has no affinity groups, extended properties or reverse DNS,
/// so a request that sets one is refused rather than half-done.
/// </summary>
internal static class HostedServiceXml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CreateCloudServiceRequest Read(AsmElement service)
    {
        service.Refuse("AffinityGroup", service.Value("Location") is null
            ? "the portal has no affinity groups; give a Location instead."
            : "the portal has no affinity groups; give a Location only.");
        var request = new CreateCloudServiceRequest(
            service.Text("ServiceName"), service.Text("Location"), Label(service), service.Value("Description"));
        service.RefuseOthers();
        return request;
    }

    private static string? Label(AsmElement service)
    {
        if (service.Value("Label") is not { } encoded) return null;
        try
        {
            return StrictUtf8.GetString(Convert.FromBase64String(encoded));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw AsmElement.Refused($"{service.Path}/Label is not base64-encoded UTF-8 text, as the classic API sends labels.");
        }
    }
}
