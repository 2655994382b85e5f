using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Win32.SafeHandles;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Disks;

/// <summary>
/// R18: uploads a local fixed VHD into a new page blob. The file is checked (R1) before anything is created;
/// only non-zero 4 MiB chunks are sent, so a mostly empty disk uploads quickly and stays sparse; and the
/// blob's metadata records how far the upload got, so uploading the same file to the same blob again
/// continues where an interrupted run stopped.
/// </summary>
public sealed class VhdUpload
{
    /// <summary>Identifies the source file: length, last write time and the footer's unique id.</summary>
    private const string SourceKey = "vmportalsource";
    /// <summary>Present while an upload is unfinished: the file offset below which the blob already holds the file.</summary>
    private const string UploadedThroughKey = "vmportaluploadedthrough";
    /// <summary>How much may be scanned without recording progress, so resuming a big sparse file skips the zeros it already read.</summary>
    private const long MarkerInterval = 256 * VhdFooter.MiB;

    public async Task<VhdUploadResult> UploadAsync(
        string filePath, BlobAccount account, string blobName,
        IProgress<VhdUploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var file = File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(file);
        var footer = new byte[Math.Min(VhdFooter.Size, length)];
        await ReadFullyAsync(file, footer, length - footer.Length, cancellationToken);
        var validation = VhdFooter.Validate(footer, length);
        if (!validation.IsValid)
            return new VhdUploadResult(VhdUploadOutcome.InvalidVhd, validation.Message, null, validation.Problem, 0);

        var source = $"{length}-{File.GetLastWriteTimeUtc(filePath).Ticks}-{validation.Footer!.UniqueId:N}";
        var blob = account.Vhds.GetPageBlobClient(blobName);
        var start = await ClaimAsync(blob, length, source, cancellationToken);
        if (start is null)
            return new VhdUploadResult(VhdUploadOutcome.BlobHoldsOtherContent,
                DiskMessages.Format("BlobHoldsAnotherFile", blob.Uri), blob.Uri, null, 0);

        var written = await UploadChunksAsync(file, blob, start.Value, length, source, progress, cancellationToken);

        var readBack = await DiskStore.ValidateAsync(blob, cancellationToken);
        if (!readBack.IsValid)
        {
            // The blob does not hold what was checked: the file changed underneath the upload. Leave nothing half-right.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            return new VhdUploadResult(VhdUploadOutcome.InvalidVhd,
                DiskMessages.Format("UploadedFooterInvalid", readBack.Message), null, readBack.Problem, written);
        }
        await blob.SetMetadataAsync(new Dictionary<string, string> { [SourceKey] = source }, cancellationToken: cancellationToken);
        return new VhdUploadResult(VhdUploadOutcome.Uploaded, DiskMessages.Format("UploadedTo", blob.Uri), blob.Uri, null, written);
    }

    /// <summary>
    /// Creates the blob, or finds the unfinished upload of this very file in it. Returns where to continue,
    /// or null when the name holds something else — which is never overwritten.
    /// </summary>
    private static async Task<long?> ClaimAsync(PageBlobClient blob, long length, string source, CancellationToken cancellationToken)
    {
        try
        {
            await blob.CreateAsync(length, new PageBlobCreateOptions
            {
                Metadata = Marker(source, 0),
                Conditions = new PageBlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
            return 0;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412)
        {
            var metadata = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.Metadata;
            if (!metadata.TryGetValue(SourceKey, out var existing) || existing != source) return null;
            // The same file: either unfinished (continue from the marker) or complete (nothing left to send).
            return metadata.TryGetValue(UploadedThroughKey, out var through)
                ? long.Parse(through, CultureInfo.InvariantCulture)
                : length;
        }
    }

    private static async Task<long> UploadChunksAsync(
        SafeFileHandle file, PageBlobClient blob, long start, long length, string source,
        IProgress<VhdUploadProgress>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[DiskStore.TransferChunk];
        long written = 0, markedAt = start;
        for (var offset = start; offset < length; offset += buffer.Length)
        {
            var count = (int)Math.Min(buffer.Length, length - offset);
            await ReadFullyAsync(file, buffer.AsMemory(0, count), offset, cancellationToken);
            var hasData = buffer.AsSpan(0, count).ContainsAnyExcept((byte)0);
            if (hasData)
            {
                await blob.UploadPagesAsync(new MemoryStream(buffer, 0, count), offset, options: null, cancellationToken);
                written += count;
            }
            var through = offset + count;
            // Record progress before reporting it, so an observer that stops the upload never loses a chunk.
            if (hasData || through - markedAt >= MarkerInterval)
            {
                await blob.SetMetadataAsync(Marker(source, through), cancellationToken: cancellationToken);
                markedAt = through;
            }
            progress?.Report(new VhdUploadProgress(through, written, length));
        }
        return written;
    }

    private static Dictionary<string, string> Marker(string source, long uploadedThrough) => new()
    {
        [SourceKey] = source,
        [UploadedThroughKey] = uploadedThrough.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task ReadFullyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken);
            if (read == 0) throw new EndOfStreamException("The file became shorter while it was being uploaded.");
            buffer = buffer[read..];
            offset += read;
        }
    }
}
