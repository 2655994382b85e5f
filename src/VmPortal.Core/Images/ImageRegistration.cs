using Azure;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Images;

/// <summary>
/// R18: images from VHD blobs already in one of the portal's storage accounts, and from a local file uploaded first.
/// Checks in API.md's order: field values (400) → blobs that do not exist (404) → the name taken, or a blob a disk
/// uses (409) → rules between the request and the blobs (400: <c>LocationMismatch</c> when the blobs are in
/// several locations, <c>InvalidVhd</c> for R1 and a missing guest record, <c>ValidationFailed</c> when the guest
/// record contradicts the OS type or state asked for). A refused request registers nothing.
/// </summary>
public sealed class ImageRegistration(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, IBlobReferences references, BlobAccounts accounts, VhdUpload upload,
    AuditLog audit, TimeProvider time)
{
    /// <summary>One disk of an image being registered, as checked so far; <see cref="Field"/> names it in errors.</summary>
    private sealed record PlannedDisk(string Field, Uri MediaLink, int? Lun, HostCaching HostCaching, BlobAccount Account);

    private sealed record Probe(bool Exists, VhdValidation? Validation, SectorRead<GuestRecord>? Guest);

    private sealed record Registration(
        string Name, string Label, string? Description, ImageKind Kind, OsType Os, OsState OsState, string OsField, string OsStateField,
        IReadOnlyList<PlannedDisk> Disks, Versioning Versioning);

    /// <summary>Where a registered image goes in its family: the family, its version there, and whether "latest" skips it.</summary>
    private sealed record Versioning(string? Family, string? Version, bool ExcludeFromLatest)
    {
        public static Versioning Of(string? family, string? version, bool exclude) =>
            new(ImageFields.Cleared(family ?? ""), ImageFields.Cleared(version ?? ""), exclude);
    }

    /// <summary><c>POST /api/images</c>: a VM image, one OS disk (with a guest record agreeing with os and osState) and 0..n data disks.</summary>
    public async Task<PortalResult<ImageView>> RegisterVmImageAsync(RegisterVmImageRequest request, Actor actor, CancellationToken ct = default)
    {
        if (Header(request.Name, request.Label, request.Description, request.ImageFamily, request.Version) is { } invalid) return invalid;
        if (request.OsDiskConfiguration is not { } osDisk)
            return PortalError.Validation("osDiskConfiguration", ImageMessages.Get("OsDiskConfigurationRequired"));
        var os = ImageFields.Os(osDisk.Os, "osDiskConfiguration.os");
        if (!os.Succeeded) return os.Error;
        var osState = ImageFields.OsState(osDisk.OsState, "osDiskConfiguration.osState");
        if (!osState.Succeeded) return osState.Error;

        var disks = new List<PlannedDisk>();
        var planned = Plan("osDiskConfiguration", osDisk.MediaLink, null, osDisk.HostCaching);
        if (!planned.Succeeded) return planned.Error;
        disks.Add(planned.Value);
        var data = request.DataDiskConfigurations ?? [];
        for (var n = 0; n < data.Count; n++)
        {
            var field = $"dataDiskConfigurations[{n}]";
            if (data[n] is not { } disk) return PortalError.Validation(field, ImageMessages.Format("DataDiskConfigurationNull", field));
            if (ImageFields.Lun(disk.Lun, $"{field}.lun") is { } badLun) return badLun;
            if (disks.Any(d => d.Lun == disk.Lun))
                return new PortalError(ErrorCodes.InvalidLun, ImageMessages.Format("LunUsedTwice", disk.Lun), $"{field}.lun");
            planned = Plan(field, disk.MediaLink, disk.Lun, disk.HostCaching);
            if (!planned.Succeeded) return planned.Error;
            if (disks.Any(d => d.MediaLink == planned.Value.MediaLink))
                return PortalError.Validation($"{field}.mediaLink", ImageMessages.Format("MediaLinkListedTwice", planned.Value.MediaLink));
            disks.Add(planned.Value);
        }

        return await RegisterAsync(new Registration(request.Name!, Label(request.Name!, request.Label), request.Description,
            ImageKind.VMImage, os.Value, osState.Value, "osDiskConfiguration.os", "osDiskConfiguration.osState", disks,
            Versioning.Of(request.ImageFamily, request.Version, request.ExcludeFromLatest)), actor, ct);
    }

    /// <summary><c>POST /api/os-images</c>: an OS image from one blob whose guest record is generalized.</summary>
    public async Task<PortalResult<ImageView>> RegisterOsImageAsync(RegisterOsImageRequest request, Actor actor, CancellationToken ct = default)
    {
        if (Header(request.Name, request.Label, request.Description, request.ImageFamily, request.Version) is { } invalid) return invalid;
        var os = ImageFields.Os(request.Os, "os");
        if (!os.Succeeded) return os.Error;
        var planned = Plan("", request.MediaLink, null, null);
        if (!planned.Succeeded) return planned.Error;
        return await RegisterAsync(new Registration(request.Name!, Label(request.Name!, request.Label), request.Description,
            ImageKind.OSImage, os.Value, OsState.Generalized, "os", "mediaLink", [planned.Value],
            Versioning.Of(request.ImageFamily, request.Version, request.ExcludeFromLatest)), actor, ct);
    }

    /// <summary>
    /// R18: uploads a local fixed VHD into a new page blob <c>&lt;name&gt;-os-YYYY-MM-DD.vhd</c> in
    /// <paramref name="storageAccount"/>, with progress (resumable: the same file to the same name continues), then
    /// registers it as an OS image. The request is checked before a byte is sent; when the registration is refused
    /// after the upload, the uploaded blob is removed again.
    /// </summary>
    public async Task<PortalResult<ImageView>> UploadOsImageAsync(
        string filePath, string storageAccount, RegisterOsImageRequest request, Actor actor,
        IProgress<VhdUploadProgress>? progress = null, CancellationToken ct = default)
    {
        if (Header(request.Name, request.Label, request.Description, request.ImageFamily, request.Version) is { } invalid) return invalid;
        if (ImageFields.Os(request.Os, "os").Error is { } badOs) return badOs;
        if (!accounts.TryGet(storageAccount, out var account))
            return PortalError.Validation("storageAccount",
                ImageMessages.Format("NotAPortalStorageAccount", storageAccount, string.Join(CoreMessages.Get("ListSeparator"), accounts.All.Select(a => a.Name))));
        if (!File.Exists(filePath)) return PortalError.Validation("file", ImageMessages.Format("FileDoesNotExist", filePath));
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await ImageNames.CheckFreeAsync(db, request.Name!, ct, "name") is { } taken) return taken;
            var versioning = Versioning.Of(request.ImageFamily, request.Version, request.ExcludeFromLatest);
            if (await ImageVersions.CheckFreeAsync(db, versioning.Family, versioning.Version, null, ct) is { } versionTaken) return versionTaken;
        }

        var blobName = BlobNames.Candidate(BlobNames.ImageOsDisk(request.Name!, time.GetUtcNow()), 0);
        var uploaded = await upload.UploadAsync(filePath, account, blobName, progress, ct);
        switch (uploaded.Outcome)
        {
            case VhdUploadOutcome.InvalidVhd:
                return new PortalError(ErrorCodes.InvalidVhd, uploaded.Message, "file");
            case VhdUploadOutcome.BlobHoldsOtherContent:
                return new PortalError(ErrorCodes.ImageNameConflict, uploaded.Message, "name");
        }

        var registered = await RegisterOsImageAsync(request with { MediaLink = uploaded.Blob!.AbsoluteUri }, actor, ct);
        if (registered.Error is not null)
            await store.DeleteAsync(uploaded.Blob, references, CancellationToken.None);
        return registered;
    }

    private async Task<PortalResult<ImageView>> RegisterAsync(Registration r, Actor actor, CancellationToken ct)
    {
        var probes = await Task.WhenAll(r.Disks.Select(d => ProbeAsync(d, ct)));
        for (var n = 0; n < r.Disks.Count; n++)
            if (!probes[n].Exists)
                return new PortalError(ErrorCodes.NotFound, ImageMessages.Format("BlobDoesNotExist", r.Disks[n].MediaLink), MediaLinkField(r.Disks[n]));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await ImageNames.CheckFreeAsync(db, r.Name, ct, "name") is { } taken) return taken;
        var links = r.Disks.Select(d => d.MediaLink.AbsoluteUri).ToList();
        if (await db.Disks.AsNoTracking().Where(d => links.Contains(d.MediaLink)).Select(d => new { d.Name, d.MediaLink }).FirstOrDefaultAsync(ct) is { } used)
            return new PortalError(ErrorCodes.DiskInUse,
                ImageMessages.Format("BlobIsDisk", used.MediaLink, used.Name),
                MediaLinkField(r.Disks[links.IndexOf(used.MediaLink)]));
        if (await ImageVersions.CheckFreeAsync(db, r.Versioning.Family, r.Versioning.Version, null, ct) is { } versionTaken) return versionTaken;
        // An upload's blob becomes the image's own: the upload ends with the registration, in its transaction.
        var uploads = await db.Uploads.Where(u => links.Contains(u.BlobUri)).ToListAsync(ct);
        if (uploads.FirstOrDefault(u => u.State != UploadState.Complete) is { } unfinished)
            return PortalError.Validation(MediaLinkField(r.Disks[links.IndexOf(unfinished.BlobUri)]),
                ImageMessages.Format("BlobStillUploading", unfinished.BlobUri, unfinished.Id));

        if (r.Disks.Select(d => d.Account.Location).Distinct().Count() > 1)
            return new PortalError(ErrorCodes.LocationMismatch,
                ImageMessages.Format("BlobsInSeveralLocations", string.Join(ImageMessages.Get("LocationsAnd"),
                    r.Disks.Select(d => ImageMessages.Format("LocationOfAccount", Locations.Named(d.Account.Location), d.Account.Name)).Distinct())),
                MediaLinkField(r.Disks.First(d => d.Account.Location != r.Disks[0].Account.Location)));
        for (var n = 0; n < r.Disks.Count; n++)
            if (probes[n].Validation is { IsValid: false } refused)
                return new PortalError(ErrorCodes.InvalidVhd, ImageMessages.Format("NotAFixedVhd", r.Disks[n].MediaLink, refused.Message), MediaLinkField(r.Disks[n]));
        if (GuestRecordProblem(r, probes[0].Guest!) is { } guest) return guest;

        var now = time.CatalogueNow();
        var location = r.Disks[0].Account.Location;
        var image = new Image
        {
            Name = r.Name, Kind = r.Kind, Category = ImageCategory.User, State = ImageState.Ready, Label = r.Label,
            Description = ImageFields.Cleared(r.Description ?? ""), Location = location, Os = r.Os, OsState = r.OsState,
            ImageFamily = r.Versioning.Family, Version = r.Versioning.Version, ExcludeFromLatest = r.Versioning.ExcludeFromLatest,
            CreatedTime = now, ModifiedTime = now,
            Disks = r.Disks.Select((d, n) => new ImageDisk
            {
                Name = Path.GetFileNameWithoutExtension(new BlobUriBuilder(d.MediaLink).BlobName.Split('/')[^1]),
                Lun = d.Lun, Location = location, HostCaching = d.HostCaching, MediaLink = d.MediaLink.AbsoluteUri,
                LogicalSizeInGb = (int)((probes[n].Validation!.Footer!.CurrentSize + VhdFooter.GiB - 1) / VhdFooter.GiB),
            }).ToList(),
        };
        db.Images.Add(image);
        db.Uploads.RemoveRange(uploads);
        audit.Record(db, actor, r.Kind == ImageKind.OSImage ? AuditActions.RegisterOsImage : AuditActions.RegisterVmImage, OperationTargets.Image(image.Name));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another request registered the name, or the version in the family, between our check and our write.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await ImageNames.CheckFreeAsync(again, r.Name, ct, "name")
                ?? await ImageVersions.CheckFreeAsync(again, r.Versioning.Family, r.Versioning.Version, null, ct)
                ?? ImageNames.Conflict(r.Name, r.Name, "name");
        }
        return await ImageViewBuilder.DetailedAsync(db, store, image, null, time.GetUtcNow(), ct);
    }

    /// <summary>The OS disk's guest record (R5) must exist and agree with the OS type and state asked for.</summary>
    private static PortalError? GuestRecordProblem(Registration r, SectorRead<GuestRecord> guest)
    {
        var field = MediaLinkField(r.Disks[0]);
        if (guest.Value is not { } record)
            return new PortalError(ErrorCodes.InvalidVhd, guest.State == SectorState.Absent
                ? ImageMessages.Format("NoGuestRecord", r.Disks[0].MediaLink)
                : ImageMessages.Format("DamagedGuestRecord", r.Disks[0].MediaLink, guest.Message), field);
        if (record.Os != r.Os)
            return PortalError.Validation(r.OsField, ImageMessages.Format("GuestRecordOsDiffers", record.Os, r.Os));
        var generalized = r.OsState == OsState.Generalized;
        if (record.Generalized != generalized)
            return PortalError.Validation(r.OsStateField, r.Kind == ImageKind.OSImage
                ? ImageMessages.Format("OsImageNotGeneralized", r.Disks[0].MediaLink)
                : record.Generalized
                    ? ImageMessages.Format("GuestRecordSaysGeneralized", r.OsState, OsState.Generalized)
                    : ImageMessages.Format("GuestRecordSaysNotGeneralized", r.OsState, OsState.Specialized));
        return null;
    }

    private async Task<Probe> ProbeAsync(PlannedDisk disk, CancellationToken ct)
    {
        try
        {
            var validation = await store.ValidateAsync(disk.MediaLink, ct);
            var guest = disk.Lun is null && validation.IsValid ? await store.ReadGuestRecordAsync(disk.MediaLink, ct) : null;
            return new Probe(true, validation, guest);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new Probe(false, null, null);
        }
    }

    /// <summary>Name, label, description, family and version of a registration (400s that need no I/O).</summary>
    private static PortalError? Header(string? name, string? label, string? description, string? family, string? version) =>
        ImageNames.Validate(name, "name") ?? ImageFields.Label(label) ?? ImageFields.Text(description, "description", ImageFields.MaxDescription)
        ?? ImageFamilies.CheckOptional(family) ?? ImageVersions.Check(version);

    private static string Label(string name, string? label) => string.IsNullOrWhiteSpace(label) ? name : label.Trim();

    private static string MediaLinkField(PlannedDisk disk) => disk.Field.Length == 0 ? "mediaLink" : $"{disk.Field}.mediaLink";

    /// <summary>A disk's field values: a media link naming a blob in a configured account (not a snapshot), and R3 host caching.</summary>
    private PortalResult<PlannedDisk> Plan(string field, string? mediaLink, int? lun, string? hostCaching)
    {
        var linkField = field.Length == 0 ? "mediaLink" : $"{field}.mediaLink";
        if (string.IsNullOrWhiteSpace(mediaLink)) return PortalError.Validation(linkField, ImageMessages.Format("MediaLinkRequired", linkField));
        if (!Uri.TryCreate(mediaLink.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return PortalError.Validation(linkField, ImageMessages.Format("NotABlobUri", mediaLink));
        if (!accounts.TryGetByBlobUri(uri, out var account))
            return PortalError.Validation(linkField,
                ImageMessages.Format("BlobNotInPortalAccount", uri, string.Join(CoreMessages.Get("ListSeparator"), accounts.All.Select(a => a.BlobEndpoint.AbsoluteUri))));
        var parts = new BlobUriBuilder(uri);
        if (string.IsNullOrEmpty(parts.BlobName) || string.IsNullOrEmpty(parts.BlobContainerName))
            return PortalError.Validation(linkField, ImageMessages.Format("UriNamesNoBlob", uri));
        if (!string.IsNullOrEmpty(uri.Query))
            return PortalError.Validation(linkField, ImageMessages.Format("UriCarriesQuery", uri));
        var caching = ImageFields.HostCaching(hostCaching, osDisk: lun is null, field.Length == 0 ? "hostCaching" : $"{field}.hostCaching");
        if (!caching.Succeeded) return caching.Error;
        return new PlannedDisk(field, uri, lun, caching.Value, account);
    }
}
