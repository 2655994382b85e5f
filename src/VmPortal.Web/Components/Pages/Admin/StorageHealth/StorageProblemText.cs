using MudBlazor;
using VmPortal.Core.StorageHealth;

namespace VmPortal.Web.Components.Pages.Admin.StorageHealth;

/// <summary>How the storage health page names and colours each kind of problem.</summary>
public static class StorageProblemText
{
    public static string Name(StorageProblemKind kind) => kind switch
    {
        StorageProblemKind.OrphanBlob => AdminText.Get("Problem_OrphanBlob"),
        StorageProblemKind.MissingBlob => AdminText.Get("Problem_MissingBlob"),
        StorageProblemKind.InvalidVhd => AdminText.Get("Problem_InvalidVhd"),
        StorageProblemKind.LeftoverSnapshot => AdminText.Get("Problem_LeftoverSnapshot"),
        StorageProblemKind.StrandedResource => AdminText.Get("Problem_StrandedResource"),
        _ => AdminText.Get("Problem_StuckOperation"),
    };

    /// <summary>What can be deleted here is a warning; what needs a person elsewhere is an error.</summary>
    public static Color Color(StorageProblemKind kind) => kind switch
    {
        StorageProblemKind.OrphanBlob or StorageProblemKind.LeftoverSnapshot => MudBlazor.Color.Warning,
        StorageProblemKind.StuckOperation or StorageProblemKind.StrandedResource => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Error,
    };

    /// <summary>The blob's name (with "snapshot" for a snapshot), or the resource.</summary>
    public static string Subject(StorageProblem problem) => problem.Blob is { } blob
        ? Uri.UnescapeDataString(new Uri(blob).AbsolutePath.Split('/')[^1]) + (new Uri(blob).Query.Contains("snapshot=", StringComparison.Ordinal) ? " " + AdminText.Get("Snapshot") : "")
        : problem.Resource ?? "";
}
