using System.Buffers;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Uploads;

/// <summary>
/// R18 over HTTP: a local fixed VHD goes into a new page blob in chunks that any client may send in any order, skip when
/// they are all zeros, and send again after a break. The catalogue row (<see cref="Upload"/>) names the blob and when the
/// upload expires; what has arrived is the blob's own page ranges, so any portal instance answers a resume. Completing
/// checks the footer (R1); then the blob is registered like any other with <see cref="ImageRegistration"/>, which ends the upload.
/// </summary>
public sealed class UploadService(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore store, AuditLog audit,
    IOptions<UploadOptions> options, TimeProvider time)
{
    /// <summary>How much later than now a write must move the expiry before the row is written again (not once per chunk).</summary>
    private static readonly TimeSpan ExpiryStep = TimeSpan.FromMinutes(1);

    public async Task<PortalResult<UploadView>> CreateAsync(CreateUploadRequest request, Actor actor, CancellationToken ct = default)
    {
        if ((UploadRules.Name(request.Name) ?? UploadRules.Size(request.SizeBytes)) is { } invalid) return invalid;
        var location = Locations.Resolve(request.Location);
        if (!location.Succeeded) return location.Error;
        if (accounts.All.FirstOrDefault(a => a.Location == location.Value) is not { } account)
            return PortalError.Validation("location",
                UploadMessages.Format("NoStorageAccountIn", Locations.Named(location.Value), Locations.Named(accounts.All.Select(a => a.Location).Distinct())));

        var size = request.SizeBytes!.Value;
        var blob = account.Vhds.GetPageBlobClient(UploadRules.BlobName(request.Name!));
        try
        {
            // Claims the name atomically: a blob of that name, whoever made it, is never overwritten.
            await blob.CreateAsync(size, new PageBlobCreateOptions { Conditions = new PageBlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412)
        {
            return new PortalError(ErrorCodes.NameConflict,
                UploadMessages.Format("BlobNameTaken", blob.Name, account.Name, Locations.Named(location.Value)),
                "name");
        }

        var now = time.CatalogueNow();
        var upload = new Upload
        {
            Id = Guid.NewGuid(), Name = request.Name!, StorageAccount = account.Name, Location = location.Value,
            BlobUri = blob.Uri.AbsoluteUri, SizeBytes = size, State = UploadState.Receiving, CreatedBy = actor.UserName,
            CreatedTime = now, ExpiresAt = now + options.Value.ExpireAfter,
        };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Uploads.Add(upload);
            audit.Record(db, actor, AuditActions.CreateUpload, OperationTargets.Upload(upload.Id), $"{upload.BlobUri} ({size} bytes)");
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // The blob was made for this upload a moment ago; without its row nothing would ever own it.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
        return View(upload, []);
    }

    /// <summary><c>GET /api/uploads/{id}</c>: what has arrived, read from the blob itself, so a client resumes with only what is missing.</summary>
    public async Task<PortalResult<UploadView>> GetAsync(Guid id, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is not { } upload) return NotFound(id);
        try
        {
            var ranges = await store.GetAllocatedRangesAsync(new Uri(upload.BlobUri), ct);
            return View(upload, ranges.Select(r => new ReceivedRange(r.Offset, r.End)).ToList());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return BlobGone(upload);
        }
    }

    /// <summary>
    /// <c>GET /api/uploads</c>: the uploads not yet registered or expired, newest first, each with what has arrived; with
    /// <paramref name="name"/>, the one of that name (a script resuming its file finds it so).
    /// </summary>
    public async Task<PortalResult<Page<UploadView>>> ListAsync(string? name, int? skip, int? take, CancellationToken ct = default)
    {
        var page = await dbFactory.QueryPageAsync(skip, take,
            db => db.Uploads.AsNoTracking().Where(u => name == null || u.Name == name).OrderByDescending(u => u.CreatedTime).ThenBy(u => u.Id), ct);
        if (!page.Succeeded) return page.Error;
        var views = new List<UploadView>();
        foreach (var upload in page.Value.Items)
        {
            IReadOnlyList<ReceivedRange> ranges;
            try
            {
                ranges = (await store.GetAllocatedRangesAsync(new Uri(upload.BlobUri), ct)).Select(r => new ReceivedRange(r.Offset, r.End)).ToList();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                ranges = [];
            }
            views.Add(View(upload, ranges));
        }
        return new Page<UploadView>(views, page.Value.Total);
    }

    /// <summary><c>DELETE /api/uploads/{id}</c>: gives an upload up; its blob goes too unless a disk or image uses it.</summary>
    public async Task<PortalResult<bool>> DeleteAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Uploads.SingleOrDefaultAsync(u => u.Id == id, ct) is not { } upload) return NotFound(id);
        var used = await db.Disks.AnyAsync(d => d.MediaLink == upload.BlobUri, ct)
            || await db.Set<ImageDisk>().AnyAsync(d => d.MediaLink == upload.BlobUri, ct);
        if (!used)
            await store.Resolve(new Uri(upload.BlobUri)).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
        db.Uploads.Remove(upload);
        audit.Record(db, actor, AuditActions.DeleteUpload, OperationTargets.Upload(id), upload.BlobUri);
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }

    /// <summary>
    /// <c>PUT /api/uploads/{id}?offset=N</c>: writes one chunk where it belongs. The chunk is checked before a byte is read
    /// from the body, and read whole (at most <see cref="UploadRules.ChunkBytes"/>) before a byte is written, so a refused
    /// or broken request writes nothing. A chunk is not audited on its own: the upload's creation is.
    /// </summary>
    public async Task<PortalResult<ChunkWritten>> WriteAsync(Guid id, long? offset, Stream body, long? contentLength, Actor actor, CancellationToken ct = default)
    {
        if (UploadRules.Chunk(offset, contentLength) is { } invalid) return invalid;
        if (await FindAsync(id, ct) is not { } upload) return NotFound(id);
        if (upload.State != UploadState.Receiving) return Completed(upload);

        var buffer = ArrayPool<byte>.Shared.Rent(UploadRules.ChunkBytes + 1);
        try
        {
            var length = await ReadChunkAsync(body, buffer, ct);
            if (contentLength is { } announced && announced != length)
                return PortalError.Validation("body",
                    UploadMessages.Format("BodyEndedEarly", length, announced));
            if ((UploadRules.Chunk(offset, length) ?? UploadRules.Within(offset!.Value, length, upload.SizeBytes)) is { } refused) return refused;
            try
            {
                var blob = store.Resolve(new Uri(upload.BlobUri)).Blob;
                await blob.UploadPagesAsync(new MemoryStream(buffer, 0, length, writable: false), offset!.Value, options: null, ct);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return BlobGone(upload);
            }
            await KeepAliveAsync(upload, ct);
            actor.MarkRecorded();
            return new ChunkWritten(offset!.Value, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <c>POST /api/uploads/{id}/complete</c>: R1 on the blob's footer. A fixed VHD completes the upload and answers its media
    /// link (again, if asked twice); anything else is <c>InvalidVhd</c>, and the blob and the upload are removed.
    /// </summary>
    public async Task<PortalResult<UploadCompletion>> CompleteAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        if (await FindAsync(id, ct) is not { } upload) return NotFound(id);
        if (upload.State == UploadState.Complete) return new UploadCompletion(upload.BlobUri);
        var uri = new Uri(upload.BlobUri);
        VhdValidation validation;
        try
        {
            validation = await store.ValidateAsync(uri, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return BlobGone(upload);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Uploads.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (row is null) return NotFound(id);
        if (!validation.IsValid)
        {
            await store.Resolve(uri).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: CancellationToken.None);
            db.Uploads.Remove(row);
            await db.SaveChangesAsync(CancellationToken.None);
            return new PortalError(ErrorCodes.InvalidVhd,
                UploadMessages.Format("NotAFixedVhdDeleted", validation.Message), "id");
        }
        row.State = UploadState.Complete;
        row.ExpiresAt = time.CatalogueNow() + options.Value.ExpireAfter;
        audit.Record(db, actor, AuditActions.CompleteUpload, OperationTargets.Upload(id), upload.BlobUri);
        await db.SaveChangesAsync(ct);
        return new UploadCompletion(upload.BlobUri);
    }

    private async Task<Upload?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
    }

    /// <summary>Moves the expiry on, writing the row only when it has moved by more than <see cref="ExpiryStep"/>.</summary>
    private async Task KeepAliveAsync(Upload upload, CancellationToken ct)
    {
        var expires = time.CatalogueNow() + options.Value.ExpireAfter;
        var unless = expires - ExpiryStep;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Uploads.Where(u => u.Id == upload.Id && u.ExpiresAt < unless)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.ExpiresAt, expires), ct);
    }

    /// <summary>Reads the body into <paramref name="buffer"/>, one byte past a chunk at most, so an over-long body is known without reading it all.</summary>
    private static async Task<int> ReadChunkAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        int read;
        while (total < UploadRules.ChunkBytes + 1 && (read = await body.ReadAsync(buffer.AsMemory(total, UploadRules.ChunkBytes + 1 - total), ct)) > 0)
            total += read;
        return total;
    }

    private static UploadView View(Upload upload, IReadOnlyList<ReceivedRange> ranges) =>
        new(upload.Id, upload.Name, upload.Location, upload.BlobUri, upload.SizeBytes, UploadRules.ChunkBytes, upload.State, ranges, upload.ExpiresAt);

    private static PortalError NotFound(Guid id) =>
        PortalError.NotFound(UploadMessages.Format("UploadWhat", id));

    private static PortalError BlobGone(Upload upload) =>
        PortalError.NotFound(UploadMessages.Format("UploadBlobWhat", upload.Id, upload.BlobUri));

    private static PortalError Completed(Upload upload) =>
        PortalError.Validation("id", UploadMessages.Format("UploadComplete", upload.Id));
}
