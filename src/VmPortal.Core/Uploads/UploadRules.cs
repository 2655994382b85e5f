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
            return PortalError.Validation("sizeBytes", UploadMessages.Get("SizeRequired"));
        var data = size - VhdFooter.Size;
        if (data < VhdFooter.MiB || data > VhdFooter.MaxDataSize)
            return new PortalError(ErrorCodes.InvalidSize,
                UploadMessages.Format("SizeOutOfRange", size, VhdFooter.MiB + VhdFooter.Size, VhdFooter.MaxDataSize + VhdFooter.Size),
                "sizeBytes");
        if (data % VhdFooter.MiB != 0)
            return PortalError.Validation("sizeBytes",
                UploadMessages.Format("SizeNotFixedVhd", size));
        return null;
    }

    /// <summary>A chunk's place: offset and length multiples of 512, 1 byte to <see cref="ChunkBytes"/> long.</summary>
    public static PortalError? Chunk(long? offset, long? length)
    {
        if (offset is not { } at)
            return PortalError.Validation("offset", UploadMessages.Get("OffsetRequired"));
        if (at < 0 || at % Alignment != 0)
            return PortalError.Validation("offset", UploadMessages.Format("OffsetNotAligned", at, Alignment));
        if (length is not { } count) return null;
        if (count <= 0) return PortalError.Validation("body", UploadMessages.Get("BodyEmpty"));
        if (count > ChunkBytes)
            return PortalError.Validation("body", UploadMessages.Format("BodyTooLong", count, ChunkBytes));
        if (count % Alignment != 0)
            return PortalError.Validation("body", UploadMessages.Format("BodyNotAligned", count, Alignment));
        return null;
    }

    /// <summary>The chunk must lie inside the file.</summary>
    public static PortalError? Within(long offset, long length, long sizeBytes) =>
        offset + length <= sizeBytes ? null
            : PortalError.Validation("offset",
                UploadMessages.Format("BeyondTheEnd", offset, offset + length, sizeBytes));
}
