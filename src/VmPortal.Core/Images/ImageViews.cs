using System.Text.Json.Serialization;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Images;

public sealed record SourceVmView(string ServiceName, string Name);

/// <summary>A VM deployed from an image: the image's lineage.</summary>
public sealed record DeployedVmView(string ServiceName, string Name, VmStatus Status);

/// <summary>
/// An image's OS disk. <see cref="AllocatedBytes"/> is what its blob really stores: filled in for one image,
/// null in lists (one storage request per disk would make a long list crawl) or when the blob cannot be read.
/// </summary>
/// <remarks><see cref="BlobMissing"/>: true when storage says the blob is gone (deleted outside the portal); null in lists.</remarks>
public sealed record OsDiskConfigurationView(
    string Name, HostCaching HostCaching, OsState OsState, OsType Os, string MediaLink, int LogicalSizeInGb, string Location, long? AllocatedBytes,
    bool? BlobMissing = null);

public sealed record DataDiskConfigurationView(
    string Name, HostCaching HostCaching, int Lun, string MediaLink, int LogicalSizeInGb, long? AllocatedBytes, bool? BlobMissing = null);

/// <summary>
/// API.md <c>Image</c>. <see cref="Location"/> is null for public images, which have a replica in each of
/// <see cref="Locations"/>; a user image's <see cref="Locations"/> is its one location.
/// <see cref="DataDiskConfigurations"/> is always an array for VM images and <b>absent</b> from an OS image's JSON
/// (not even null): scripts tell the kinds apart by whether the member exists (the seed's
/// <c>gm -Name DataDiskConfigurations</c>), and a null member still exists.
/// <see cref="OsDiskConfiguration"/> is null only while a VM image is still being captured.
/// <see cref="DeployedVms"/> is filled in for one image and absent from lists. <see cref="BlobMissing"/> is true when a blob
/// of the disks shown was deleted outside the portal (deploys from it are refused with <c>DiskBlobMissing</c>), null in lists.
/// <see cref="Replicas"/> lists every location it is or is being replicated to, its own first.
/// <see cref="DeletedTime"/> and <see cref="PurgeAt"/> are set while the image is in the recycle bin. <see cref="Version"/> is unique within
/// <see cref="ImageFamily"/>; <see cref="ExcludeFromLatest"/> holds it back from the family's latest.
/// </summary>
public sealed record ImageView(
    string Name, ImageKind Kind, string Label, string? Description, ImageCategory Category, string? Location,
    IReadOnlyList<string> Locations, OsType Os, OsState OsState, ImageState State, string? ImageFamily, string? Version, bool ExcludeFromLatest, string? Language,
    string? RecommendedVmSize, string? EulaUri, string? PrivacyUri, string? IconUri, bool ShowInGallery,
    DateTimeOffset CreatedTime, DateTimeOffset ModifiedTime, IReadOnlyDictionary<string, string> Tags, bool Protected, ImageLifecycleView Lifecycle,
    DateTimeOffset? DeletedTime, DateTimeOffset? PurgeAt, SourceVmView? SourceVm, VmStatus? RoleStateOnCapture,
    string? RoleSizeOnCapture, OsDiskConfigurationView? OsDiskConfiguration,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DataDiskConfigurationView>? DataDiskConfigurations,
    int DeployedVmCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DeployedVmView>? DeployedVms,
    bool? BlobMissing = null,
    IReadOnlyList<ImageReplicaView>? Replicas = null);

/// <summary>
/// Where an image can be deployed from: its own location (always Ready), each location it was replicated to, and replicas being
/// made or that failed (with why). A public image is Ready in every location it has a replica in (R19).
/// </summary>
public sealed record ImageReplicaView(
    string Location, ReplicaState State, int Progress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>
/// Filters of the image list (R14), as a request spells them; each is optional. <see cref="Location"/> also picks
/// which replica of a public image is shown as its OS disk. <see cref="Deleted"/> lists the recycle bin instead of the gallery.
/// <see cref="Tags"/> are <c>key</c> or <c>key:value</c> filters that must all match. <see cref="OnePerFamily"/> lists each image
/// family once, by its head (<see cref="FamilyHeads"/>), unless the list is already narrowed to one family or to the recycle bin.
/// </summary>
public sealed record ImageListQuery(
    string? Kind = null, string? Os = null, string? OsState = null, string? Location = null, string? Family = null, string? Search = null,
    bool Deleted = false, IReadOnlyList<string>? Tags = null, bool OnePerFamily = false);
