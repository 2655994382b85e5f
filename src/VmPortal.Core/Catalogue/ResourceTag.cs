namespace VmPortal.Core.Catalogue;

/// <summary>One tag of an image or a VM: a key and a value (possibly empty), as people use them to sort and find things.</summary>
public sealed class ResourceTag
{
    public required string Key { get; set; }
    public string Value { get; set; } = "";
}
