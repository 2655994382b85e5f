using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Uploads;

/// <summary>What an upload request must look like before anything is created or written (400s that need no I/O).</summary>
public static class UploadRules
{
    /// <summary>The most one chunk may carry: the most one page-blob write takes.</summary>
    public const int ChunkBytes = 4 * 1024 * 1024;

    public const int Alignment = VhdFooter.SectorSize;

    /// <summary>The blob an upload named <paramref name="name"/> goes to: <c>&lt;name&gt;.vhd</c> (a name ending in <c>.vhd</c> is kept as it is).</summary>
    public static string BlobName(string name) =>
        name.EndsWith(BlobNames.Extension, StringComparison.OrdinalIgnoreCase) ? name : name + BlobNames.Extension;

    public static PortalError? Name(string? name) => NameRules.Disk(name, "name");

    /// <summary>R1/R2: a fixed VHD is N MiB of data (1 MiB to 1023 GiB) and its 512-byte footer.</summary>
    public static PortalError? Size(long? sizeBytes)
    {
        if (sizeBytes is not { } size)
            return PortalError.Validation("sizeBytes", "sizeBytes is required: the VHD file's length in bytes (N MiB + 512).");
        var data = size - VhdFooter.Size;
        if (data < VhdFooter.MiB || data > VhdFooter.MaxDataSize)
            return new PortalError(ErrorCodes.InvalidSize,
                $"sizeBytes is {size}; a fixed VHD holds 1 MiB to 1023 GiB of data and a 512-byte footer ({VhdFooter.MiB + VhdFooter.Size} to {VhdFooter.MaxDataSize + VhdFooter.Size} bytes).",
                "sizeBytes");
        if (data % VhdFooter.MiB != 0)
            return PortalError.Validation("sizeBytes",
                $"sizeBytes is {size}, not a whole number of MiB plus the 512-byte footer: this is not a fixed VHD (R1). Convert it to a fixed VHD first.");
        return null;
    }

    /// <summary>A chunk's place: offset and length multiples of 512, 1 byte to <see cref="ChunkBytes"/> long.</summary>
    public static PortalError? Chunk(long? offset, long? length)
    {
        if (offset is not { } at)
            return PortalError.Validation("offset", "offset is required: where in the VHD file the body's bytes start.");
        if (at < 0 || at % Alignment != 0)
            return PortalError.Validation("offset", $"offset {at} is not a multiple of {Alignment} at or after 0: page blobs are written in whole 512-byte pages.");
        if (length is not { } count) return null;
        if (count <= 0) return PortalError.Validation("body", "The body is empty; send the chunk's bytes (a multiple of 512, at most 4 MiB).");
        if (count > ChunkBytes)
            return PortalError.Validation("body", $"The body is {count} bytes; a chunk is at most {ChunkBytes} bytes (chunkBytes).");
        if (count % Alignment != 0)
            return PortalError.Validation("body", $"The body is {count} bytes, not a multiple of {Alignment}: page blobs are written in whole 512-byte pages.");
        return null;
    }

    /// <summary>The chunk must lie inside the file.</summary>
    public static PortalError? Within(long offset, long length, long sizeBytes) =>
        offset + length <= sizeBytes ? null
            : PortalError.Validation("offset",
                $"Bytes {offset} to {offset + length} lie beyond the end of the {sizeBytes}-byte VHD; the last chunk ends at {sizeBytes}.");
}
