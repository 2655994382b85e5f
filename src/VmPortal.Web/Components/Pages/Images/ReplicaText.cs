using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>How the replicas card words and decides things, apart from its markup.</summary>
public static class ReplicaText
{
    public static string Summary(ImageView image, IReadOnlyList<ImageReplicaView> replicas)
    {
        if (image.Category == ImageCategory.Public) return ImageText.Get("ReplicaSummaryPublic");
        var ready = replicas.Count(r => r.State == ReplicaState.Ready);
        return ready == 1 ? ImageText.Format("ReplicaSummaryOwnOnly", LocationText.Name(image.Location))
            : ready == 2 ? ImageText.Format("ReplicaSummaryOne", ready) : ImageText.Format("ReplicaSummaryMany", ready, ready - 1);
    }

    public static string StateName(ReplicaState state) => state switch
    {
        ReplicaState.Ready => ImageText.Get("ReplicaStateReady"),
        ReplicaState.Replicating => ImageText.Get("ReplicaStateReplicating"),
        _ => ImageText.Get("ReplicaStateFailed"),
    };

    /// <summary>A user image, in the gallery and Ready, can be copied elsewhere.</summary>
    public static bool CanReplicate(ImageView image) =>
        image.Category == ImageCategory.User && image.State == ImageState.Ready && image.DeletedTime is null;

    /// <summary>Never the image's own location, never one still being made, never a public image's.</summary>
    public static bool CanRemove(ImageView image, ImageReplicaView replica) =>
        image.Category == ImageCategory.User && replica.Location != image.Location && replica.State != ReplicaState.Replicating;

    /// <summary>Locations a storage account serves that have no replica yet (a failed one may be tried again).</summary>
    public static List<string> Offered(ImageView image, IReadOnlyList<ImageReplicaView> replicas, IReadOnlyList<string> storageLocations) =>
        storageLocations.Where(l => l != image.Location && !replicas.Any(r => r.Location == l && r.State != ReplicaState.Failed)).ToList();

    /// <summary>
    /// The location a replication's step is about: its steps end with it ("Copying 5 disks to North Europe"; 正在将 5 个磁盘复制到北欧),
    /// in the words of whoever asked for the replication.
    /// </summary>
    public static string? LocationOf(string message, IReadOnlyList<ImageReplicaView> replicas) =>
        replicas.Select(r => r.Location).FirstOrDefault(l => Locations.Spellings(l).Any(s => message.EndsWith(s, StringComparison.Ordinal)));

    /// <summary>Locations as a sentence says them: "West US", "West US and North Europe", "West US, East US and North Europe".</summary>
    public static string List(IReadOnlyList<string> locations) => ImageText.List([.. locations.Select(LocationText.Name)]);

    public static Color ColorOf(ReplicaState state) => state switch
    {
        ReplicaState.Ready => Color.Success,
        ReplicaState.Replicating => Color.Info,
        _ => Color.Error,
    };
}
