namespace VmPortal.Web.Components.Pages.Images;

/// <summary>The image pages' addresses, escaped once here.</summary>
public static class ImagePaths
{
    public static string Details(string name) => $"images/{Uri.EscapeDataString(name)}";

    public static string Deploy(string name) => $"deploy?image={Uri.EscapeDataString(name)}";

    public static string Vm(string service, string name) => $"vms/{Uri.EscapeDataString(service)}/{Uri.EscapeDataString(name)}";
}
