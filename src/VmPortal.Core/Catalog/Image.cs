namespace VmPortal.Core.Catalog;

/// <summary>An OS image (one generalized VHD) or a VM image (one VHD per disk) in the gallery.</summary>
public sealed class Image
{
    public int Id { get; set; }
    private string _name = "";

    public required string Name
    {
        get => _name;
        set { _name = value; NormalizedName = value.ToUpperInvariant(); }
    }

    /// <summary>R13: the upper-cased name, unique across OS and VM images.</summary>
    public string NormalizedName { get; private set; } = "";
    public ImageKind Kind { get; set; }
    public ImageCategory Category { get; set; }
    public required string Label { get; set; }
    public string? Description { get; set; }
    public required string Location { get; set; }
    public OsType Os { get; set; }
    public OsState OsState { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
}
