using Azure.Storage.Blobs.Models;

namespace VmPortal.Core.Disks;

/// <summary>An allocated (written, non-clear) byte range of a sparse disk.</summary>
public readonly record struct DiskRange(long Offset, long Length)
{
    public long End => Offset + Length;

    /// <summary>
    /// The allocated ranges in order with touching ranges merged: a service may split or join ranges as it
    /// likes (a copy may report one range where its source reported two), so compare these, not raw lists.
    /// </summary>
    public static IReadOnlyList<DiskRange> Normalize(IEnumerable<PageRangeItem> pageRanges)
    {
        var merged = new List<DiskRange>();
        foreach (var item in pageRanges.Where(r => !r.IsClear && r.Range.Length is > 0).OrderBy(r => r.Range.Offset))
        {
            var range = new DiskRange(item.Range.Offset, item.Range.Length!.Value);
            if (merged.Count > 0 && merged[^1].End >= range.Offset)
                merged[^1] = merged[^1] with { Length = Math.Max(merged[^1].End, range.End) - merged[^1].Offset };
            else
                merged.Add(range);
        }
        return merged;
    }
}
