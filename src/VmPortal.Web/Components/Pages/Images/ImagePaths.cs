namespace VmPortal.Web.Components.Pages.Images;

/// <summary>The image pages' addresses, escaped once here.</summary>
public static class ImagePaths
{
    public static string Details(string name) => $"images/{Uri.EscapeDataString(name)}";

    /// <summary>The gallery filtered by one tag, as the API spells it (<c>images?tag=env:prod</c>).</summary>
    public static string TagFilter(string tag) => $"images?tag={Uri.EscapeDataString(tag)}";

    public static string Deploy(string name) => $"deploy?image={Uri.EscapeDataString(name)}";

    public static string Vm(string service, string name) => $"vms/{Uri.EscapeDataString(service)}/{Uri.EscapeDataString(name)}";
}
