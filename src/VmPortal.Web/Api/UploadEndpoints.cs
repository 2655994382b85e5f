using VmPortal.Core;
using VmPortal.Core.Security;
using VmPortal.Core.Uploads;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>
/// R18 over HTTP: upload a local fixed VHD into a page blob in chunks, resumable and sparse, then register it with
/// <c>POST /api/os-images</c> or <c>POST /api/images</c>. The gallery's "Upload VHD" dialog and <c>Add-AzureVhd</c> use these.
/// </summary>
internal static class UploadEndpoints
{
    public const string Path = "/uploads";

    public static void MapUploadEndpoints(this RouteGroupBuilder api)
    {
        var uploads = api.MapGroup(Path).WithTags("Uploads");
        uploads.MapPost("", async (CreateUploadRequest body, UploadService service, HttpContext http, CancellationToken ct) =>
                ApiResults.Created(await service.CreateAsync(body, http.Actor(), ct), u => $"{http.Request.PathBase}{PortalApi.Prefix}{Path}/{u.Id}"))
            .WithName(AuditActions.CreateUpload)
            .WithSummary("Start an upload: an empty page blob <name>.vhd of sizeBytes (a fixed VHD's length: N MiB + 512) in that location's storage account")
            .WithDescription("Answers 201 with the upload: its `id`, the `blobUri` it fills and `chunkBytes`, the most one `PUT` may carry. " +
                             "`name` follows the disk name rules (400 `InvalidName`); a size that is not N MiB + 512 is 400 `ValidationFailed`, one " +
                             "outside 1 MiB to 1023 GiB of data 400 `InvalidSize`; a blob of that name already there is 409 `NameConflict`. An upload " +
                             "nobody writes to for `Portal:UploadExpiryHours` (default 24) is removed with its blob.")
            .Produces<UploadView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        uploads.MapGet("", async (string? name, int? skip, int? take, UploadService service, CancellationToken ct) =>
                ApiResults.Ok(await service.ListAsync(name, skip, take, ct)))
            .WithName("ListUploads")
            .WithSummary("The uploads not yet registered or expired, newest first, each with what has arrived; name finds one by its name")
            .WithDescription("Paged with `skip` and `take`. A script that lost an upload's id finds it by `name` (exactly as given) and resumes it.")
            .Produces<Page<UploadView>>().ProducesProblem(StatusCodes.Status400BadRequest);

        uploads.MapDelete("/{id}", async (Guid id, UploadService service, HttpContext http, CancellationToken ct) =>
                ApiResults.NoContent(await service.DeleteAsync(id, http.Actor(), ct)))
            .WithName(AuditActions.DeleteUpload)
            .WithSummary("Give an upload up: the upload and its blob are deleted (a blob a disk or image uses is kept)")
            .WithDescription("Answers 204. `Add-AzureVhd -OverWrite` starts again this way; an upload nobody deletes expires by itself.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        uploads.MapGet("/{id}", async (Guid id, UploadService service, CancellationToken ct) => ApiResults.Ok(await service.GetAsync(id, ct)))
            .WithName("GetUpload")
            .WithSummary("An upload and the byte ranges of the blob that hold what was sent: resume by sending only what is missing")
            .WithDescription("`receivedRanges` are read from the page blob itself (`[{start, end}]`, `end` exclusive, merged and in order), so any " +
                             "portal instance answers, after a reload, a dropped connection or a restart. All-zero ranges need never be sent: they " +
                             "read back as zeros. 404 once the upload expired, was registered, or failed its footer check.")
            .Produces<UploadView>().ProducesProblem(StatusCodes.Status404NotFound);

        uploads.MapPut("/{id}", async (Guid id, long? offset, Stream body, UploadService service, HttpContext http, CancellationToken ct) =>
                ApiResults.NoContent(await service.WriteAsync(id, offset, body, http.Request.ContentLength, http.Actor(), ct)))
            .WithName(AuditActions.WriteUploadChunk)
            .WithSummary("Write one chunk of the file at offset: the body's bytes, a multiple of 512 and at most chunkBytes, are the file's bytes from offset on")
            .WithDescription("Answers 204. Chunks may come in any order and again (the last write wins); skip every chunk that is all zeros. " +
                             "An offset or length that is not a multiple of 512, an empty or too long body, or a chunk reaching past `sizeBytes` is " +
                             "400 `ValidationFailed` and writes nothing. A completed upload takes no more chunks (400 `ValidationFailed`). Each " +
                             "chunk moves the upload's expiry on. Chunks are not audited one by one: the upload's start and completion are.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        uploads.MapPost("/{id}/complete", async (Guid id, UploadService service, HttpContext http, CancellationToken ct) =>
                ApiResults.Ok(await service.CompleteAsync(id, http.Actor(), ct)))
            .WithName(AuditActions.CompleteUpload)
            .WithSummary("Check the uploaded blob's footer (a fixed VHD) and answer its mediaLink, to register with POST /api/os-images or /api/images")
            .WithDescription("Answers 200 `{mediaLink}` (again when asked twice). A blob whose last 512 bytes are not a fixed VHD's footer — dynamic, " +
                             "differencing, a bad checksum, a size that disagrees, no footer at all — is 400 `InvalidVhd` naming what is wrong, and " +
                             "the blob and the upload are deleted. Registering the blob as an image ends the upload; until then it expires like any.")
            .Produces<UploadCompletion>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
