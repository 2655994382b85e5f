namespace VmPortal.Core.Catalogue;

/// <summary>An OS image (one generalized VHD) or a VM image (one VHD per disk) in the gallery.</summary>
public sealed class Image : IConcurrencyStamped
{
    private string _name = "";
    private string _label = "";
    private string? _description;
    private string? _imageFamily;

    public int Id { get; set; }

    public required string Name
    {
        get => _name;
        set { _name = value; NormalizedName = value.ToUpperInvariant(); }
    }

    /// <summary>R13: the upper-cased name, unique across OS and VM images.</summary>
    /// <remarks>
    /// Every Normalized* value is upper-cased here in .NET, never by the database, so a search or a uniqueness check
    /// ignores case the same way — Unicode included — on every database provider.
    /// </remarks>
    public string NormalizedName { get; private set; } = "";
    public ImageKind Kind { get; set; }
    public ImageCategory Category { get; set; }
    public ImageState State { get; set; }
    public required string Label
    {
        get => _label;
        set { _label = value; NormalizedLabel = value.ToUpperInvariant(); }
    }

    public string NormalizedLabel { get; private set; } = "";

    public string? Description
    {
        get => _description;
        set { _description = value; NormalizedDescription = value?.ToUpperInvariant(); }
    }

    public string? NormalizedDescription { get; private set; }
    /// <summary>Where a user image lives (its storage account's location); public images have a replica in every location.</summary>
    public required string Location { get; set; }
    public OsType Os { get; set; }
    public OsState OsState { get; set; }
    public string? ImageFamily
    {
        get => _imageFamily;
        set { _imageFamily = value; NormalizedFamily = value?.ToUpperInvariant(); }
    }

    public string? NormalizedFamily { get; private set; }

    /// <summary>
    /// <c>MAJOR.MINOR.PATCH</c> (<see cref="ImageVersion"/>'s one spelling), unique within <see cref="NormalizedFamily"/>; the
    /// database enforces it. Ordered as numbers in .NET (<see cref="Images.ImageFamilies"/>), never as text.
    /// </summary>
    public string? Version { get; set; }

    /// <summary>Held back from its family's "latest" (a version not yet accepted); it still deploys by name.</summary>
    public bool ExcludeFromLatest { get; set; }
    public string? Language { get; set; }
    public string? RecommendedVmSize { get; set; }
    public string? EulaUri { get; set; }
    public string? PrivacyUri { get; set; }
    public string? IconUri { get; set; }
    public bool ShowInGallery { get; set; } = true;
    public string? SourceServiceName { get; set; }
    public string? SourceVmName { get; set; }
    public VmStatus? RoleStateOnCapture { get; set; }
    public string? RoleSizeOnCapture { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset ModifiedTime { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>A protected image refuses deletion and purging (<c>ImageProtected</c>) until the flag is cleared.</summary>
    public bool Protected { get; set; }

    /// <summary>When it went to the recycle bin; null while it is in the gallery.</summary>
    public DateTimeOffset? DeletedTime { get; set; }

    /// <summary>When the portal purges it from the recycle bin by itself (<c>Portal:RecycleBinDays</c> after the deletion).</summary>
    public DateTimeOffset? PurgeAt { get; set; }

    /// <summary>Whether that purge deletes its VHDs too (R17's rules), as asked when it was deleted.</summary>
    public bool PurgeDeletesVhds { get; set; }

    /// <summary>From then on deploys still work but warn; <see cref="Replacement"/> names what to use instead.</summary>
    public DateTimeOffset? DeprecateAt { get; set; }

    /// <summary>From then on deploys are refused (<c>ImageObsolete</c>).</summary>
    public DateTimeOffset? ObsoleteAt { get; set; }

    /// <summary>The image to use instead once this one is deprecated or obsolete.</summary>
    public string? Replacement { get; set; }

    /// <summary>What people tag it with, to sort and find it; keys unique.</summary>
    public List<ResourceTag> Tags { get; set; } = [];

    /// <summary>The OS disk (one per location for public OS images) and, for VM images, the data disks.</summary>
    public List<ImageDisk> Disks { get; set; } = [];

    /// <summary>Replicas in other locations being made or failed; a Ready one is its disks there (<see cref="ImageReplica"/>).</summary>
    public List<ImageReplica> Replicas { get; set; } = [];
}

/// <summary>One VHD of an image: its OS disk configuration or one of its data disk configurations.</summary>
public sealed class ImageDisk
{
    public int Id { get; set; }
    public int ImageId { get; set; }
    public required string Name { get; set; }
    /// <summary>Null for the OS disk; the data disk's LUN otherwise.</summary>
    public int? Lun { get; set; }
    public required string Location { get; set; }
    public HostCaching HostCaching { get; set; }
    public required string MediaLink { get; set; }
    public int LogicalSizeInGb { get; set; }
    public bool IsOsDisk => Lun is null;
}
