using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Uploads;

/// <summary><c>POST /api/uploads</c>: a page blob <c>&lt;name&gt;.vhd</c> of <c>sizeBytes</c> (a fixed VHD: N MiB + 512) in <c>location</c>.</summary>
public sealed record CreateUploadRequest(string? Name, long? SizeBytes, string? Location);

/// <summary>Bytes <c>[start, end)</c> of the blob that hold what was sent (all-zero ranges need not be sent and read back as zeros).</summary>
public sealed record ReceivedRange(long Start, long End);

/// <summary>An upload as a client resumes it: where to send chunks, how big they may be, and what has arrived.</summary>
public sealed record UploadView(
    Guid Id, string Name, string Location, string BlobUri, long SizeBytes, int ChunkBytes, UploadState State,
    IReadOnlyList<ReceivedRange> ReceivedRanges, DateTimeOffset ExpiresAt);

/// <summary>A completed upload: the blob to register with <c>POST /api/os-images</c> or <c>POST /api/images</c>.</summary>
public sealed record UploadCompletion(string MediaLink);

/// <summary>A chunk was written (204).</summary>
public sealed record ChunkWritten(long Offset, int Length);
