namespace VmPortal.Core.Disks;

public enum DiskSort { Name, Size, AttachedTo }

/// <summary>
/// The disks page's view: text found in a disk's name or label or in the VM and cloud service it is attached to (any case),
/// attached or unattached only, a column sort, and one page.
/// </summary>
public sealed record DiskListQuery(
    string? Search = null, bool? Attached = null, DiskSort Sort = DiskSort.Name, bool Descending = false, int Skip = 0, int Take = 25)
{
    public const int MaxSearchLength = 100;

    public bool IsUnfiltered => string.IsNullOrWhiteSpace(Search) && Attached is null;
}
