namespace VmPortal.Core.Images;

/// <summary>
/// R16: what <c>PATCH /api/images/{name}</c> may change. It mirrors the <c>Image</c> shape, so a client can send back
/// what it read: a null member is left as it is, <c>""</c> clears an optional text. <see cref="Name"/>,
/// <see cref="Os"/>, <see cref="OsState"/> and the media links never change after capture: a different value is
/// refused naming the field, the current value is accepted as "no change". <see cref="Protected"/> keeps the image from
/// deletion; <see cref="Lifecycle"/> and <see cref="Tags"/> are replaced whole. <see cref="Version"/> (<c>""</c> clears it) is unique
/// within the family the image has after the change; <see cref="ExcludeFromLatest"/> holds it back from the family's latest.
/// </summary>
public sealed record ImageUpdate(
    string? Label = null, string? Description = null, string? Language = null, string? ImageFamily = null,
    string? RecommendedVmSize = null, string? EulaUri = null, string? PrivacyUri = null, string? IconUri = null,
    bool? ShowInGallery = null, OsDiskUpdate? OsDiskConfiguration = null, IReadOnlyList<DataDiskUpdate>? DataDiskConfigurations = null,
    string? Name = null, string? Os = null, string? OsState = null, bool? Protected = null, ImageLifecycleUpdate? Lifecycle = null,
    IReadOnlyDictionary<string, string>? Tags = null, string? Version = null, bool? ExcludeFromLatest = null);

/// <summary>The OS disk's host caching (ReadOnly or ReadWrite, R3); the other members may only repeat what they are.</summary>
public sealed record OsDiskUpdate(string? HostCaching = null, string? MediaLink = null, string? Os = null, string? OsState = null);

/// <summary>The host caching of the data disk at <see cref="Lun"/>; <see cref="MediaLink"/> may only repeat what it is.</summary>
public sealed record DataDiskUpdate(int? Lun = null, string? HostCaching = null, string? MediaLink = null);

/// <summary>
/// R18: <c>POST /api/images</c>, a VM image from VHD blobs already in one of the portal's storage accounts, optionally a
/// <see cref="Version"/> of an <see cref="ImageFamily"/>.
/// </summary>
public sealed record RegisterVmImageRequest(
    string? Name, string? Label = null, OsDiskRegistration? OsDiskConfiguration = null,
    IReadOnlyList<DataDiskRegistration>? DataDiskConfigurations = null, string? Description = null,
    string? ImageFamily = null, string? Version = null, bool ExcludeFromLatest = false);

public sealed record OsDiskRegistration(string? MediaLink, string? Os, string? OsState, string? HostCaching = null);

public sealed record DataDiskRegistration(string? MediaLink, int? Lun, string? HostCaching = null);

/// <summary>R18: <c>POST /api/os-images</c>, an OS image from one generalized VHD blob, optionally a version of a family.</summary>
public sealed record RegisterOsImageRequest(
    string? Name, string? Label = null, string? MediaLink = null, string? Os = null, string? Description = null,
    string? ImageFamily = null, string? Version = null, bool ExcludeFromLatest = false);

/// <summary><c>POST /api/images/{name}/replicas</c>: the locations to copy the image into, each one that has no replica yet.</summary>
public sealed record ReplicateImageRequest(IReadOnlyList<string>? Locations);
