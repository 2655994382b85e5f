namespace VmPortal.Web.Components.Pages.Images;

/// <summary>The image pages' addresses, escaped once here.</summary>
public static class ImagePaths
{
    public static string Details(string name) => $"images/{Uri.EscapeDataString(name)}";

    /// <summary>The gallery filtered by one tag, as the API spells it (<c>images?tag=env:prod</c>).</summary>
    public static string TagFilter(string tag) => $"images?tag={Uri.EscapeDataString(tag)}";

    public static string Deploy(string name) => $"deploy?image={Uri.EscapeDataString(name)}";

    /// <summary>The deploy form for a family's latest version, resolved again when the deploy is accepted.</summary>
    public static string DeployFamily(string family) => $"deploy?family={Uri.EscapeDataString(family)}";

    /// <summary>The gallery showing every version of one family.</summary>
    public static string Family(string family) => $"images?family={Uri.EscapeDataString(family)}";

    public static string Vm(string service, string name) => $"vms/{Uri.EscapeDataString(service)}/{Uri.EscapeDataString(name)}";
}
