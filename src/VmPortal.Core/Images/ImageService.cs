using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;

namespace VmPortal.Core.Images;

/// <summary>
/// Changes to an image after capture: R16's metadata edits, protection and lifecycle, and R17's delete — to the recycle bin,
/// restored from it or purged for good (operations). Checks in API.md's order; one context per call.
/// </summary>
public sealed class ImageService(IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, OperationQueue queue, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// R16: label, description, language, family, recommended size, EULA/privacy/icon URIs, show-in-gallery and
    /// each disk's host caching. Public images are the portal's own (403 <c>Forbidden</c>); an image still being
    /// captured is <c>ImageInUse</c>; a concurrent change is <c>ImageInUse</c> ("reload").
    /// </summary>
    public async Task<PortalResult<ImageView>> UpdateAsync(string name, ImageUpdate update, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        if (ValidateUpdateFields(name, update) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images.Include(i => i.Disks).Include(i => i.Replicas), name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (image.Category == ImageCategory.Public) return ImageLookup.PublicIsReadOnly(ImageMessages.Format("PublicImageCannotBeChanged", image.Name));
        if (update.Lifecycle?.Replacement is { } replacement && !await ImageLookup.ExistsAsync(db, replacement, ct))
            return PortalError.NotFound(ImageMessages.Format("ReplacementImageWhat", replacement)) with { Field = "lifecycle.replacement" };
        if (image.State == ImageState.Capturing) return ImageLookup.BeingCaptured(image.Name);
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: null, ct) is { Kind: OperationKinds.DeleteImage or OperationKinds.PurgeImage } deleting)
            return ImageLookup.InUse(image.Name, deleting);
        if (image.DeletedTime is not null)
            return new PortalError(ErrorCodes.ImageDeleted, ImageMessages.Format("InRecycleBinRestoreBeforeChanging", image.Name));
        if (ImmutableChange(image, update) is { } immutable) return immutable;
        var family = update.ImageFamily is null ? image.ImageFamily : ImageFields.Cleared(update.ImageFamily);
        var version = update.Version is null ? image.Version : ImageFields.Cleared(update.Version);
        if (await ImageVersions.CheckFreeAsync(db, family, version, image.Id, ct, update.Version is null ? "imageFamily" : "version") is { } conflict)
            return conflict;
        ApplyHostCaching(image, update);
        if (update.Protected is { } isProtected) image.Protected = isProtected;
        if (update.Tags is { } tags) image.Tags = TagRules.ToRows(tags);
        if (update.Lifecycle is { } lifecycle)
        {
            image.DeprecateAt = ImageLifecycle.Stored(lifecycle.DeprecateAt);
            image.ObsoleteAt = ImageLifecycle.Stored(lifecycle.ObsoleteAt);
            image.Replacement = lifecycle.Replacement is { } named ? await ImageLookup.CanonicalNameAsync(db, named, ct) : null;
        }

        if (update.Label is not null) image.Label = update.Label.Trim();
        if (update.Description is not null) image.Description = ImageFields.Cleared(update.Description);
        if (update.Language is not null) image.Language = ImageFields.Cleared(update.Language);
        image.ImageFamily = family;
        image.Version = version;
        if (update.ExcludeFromLatest is { } exclude) image.ExcludeFromLatest = exclude;
        if (update.RecommendedVmSize is not null)
            image.RecommendedVmSize = ImageFields.Cleared(update.RecommendedVmSize) is null ? null : InstanceSizes.Find(update.RecommendedVmSize.Trim())!.Name;
        if (update.EulaUri is not null) image.EulaUri = ImageFields.Cleared(update.EulaUri);
        if (update.PrivacyUri is not null) image.PrivacyUri = ImageFields.Cleared(update.PrivacyUri);
        if (update.IconUri is not null) image.IconUri = ImageFields.Cleared(update.IconUri);
        if (update.ShowInGallery is { } show) image.ShowInGallery = show;
        image.ModifiedTime = time.CatalogueNow();
        audit.Record(db, actor, AuditActions.UpdateImage, OperationTargets.Image(image.Name));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.ImageInUse, ImageMessages.Format("ChangedWhileUpdateSaved", image.Name));
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The only unique index an update can break: another image took the version between our check and our write.
            return await VersionTakenAsync(family!, version!, image.Id, ct);
        }
        return await ImageViewBuilder.DetailedAsync(db, store, image, null, time.GetUtcNow(), ct);
    }

    /// <summary>
    /// Queues a <see cref="DeleteImageHandler"/> operation that moves the image to the recycle bin (its blobs and name stay; it
    /// is purged by itself after <c>Portal:RecycleBinDays</c>). Refused while the image is captured or deployed
    /// (<c>ImageInUse</c>), when it is <c>ImageProtected</c>, or already in the bin (<c>ImageDeleted</c>); public images are the
    /// portal's own (403 <c>Forbidden</c>). <paramref name="deleteVhds"/> is remembered for the purge (R17's rules then).
    /// </summary>
    public async Task<PortalResult<OperationView>> DeleteAsync(string name, bool deleteVhds, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images, name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (image.Category == ImageCategory.Public) return ImageLookup.PublicIsReadOnly(ImageMessages.Format("PublicImageCannotBeDeleted", image.Name));
        if (image.DeletedTime is not null)
            return new PortalError(ErrorCodes.ImageDeleted, ImageMessages.Format("InRecycleBinAlready", image.Name, image.PurgeAt));
        if (CheckRemovable(image) is { } refused) return refused;
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: null, ct) is { } operation) return ImageLookup.InUse(image.Name, operation);
        return await QueueAsync(db, image, OperationKinds.DeleteImage, new DeleteImageHandler.Payload(image.Id, image.Name, deleteVhds), actor, ct);
    }

    /// <summary>
    /// R17: queues a <see cref="PurgeImageHandler"/> operation that removes the image for good — from the recycle bin, or
    /// straight from the gallery. Its blobs go when <paramref name="deleteVhds"/> says so (when null: as asked when it was
    /// deleted), except those another image or disk still uses. Refused as <see cref="DeleteAsync"/> is, bin aside.
    /// </summary>
    public async Task<PortalResult<OperationView>> PurgeAsync(string name, bool? deleteVhds, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images, name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (image.Category == ImageCategory.Public) return ImageLookup.PublicIsReadOnly(ImageMessages.Format("PublicImageCannotBePurged", image.Name));
        if (CheckRemovable(image) is { } refused) return refused;
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: null, ct) is { } operation) return ImageLookup.InUse(image.Name, operation);
        var payload = new PurgeImageHandler.Payload(image.Id, image.Name, deleteVhds ?? (image.DeletedTime is not null && image.PurgeDeletesVhds));
        return await QueueAsync(db, image, OperationKinds.PurgeImage, payload, actor, ct);
    }

    /// <summary>Brings an image back from the recycle bin, as it was; one that is not in the bin is answered as it is.</summary>
    public async Task<PortalResult<ImageView>> RestoreAsync(string name, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images.Include(i => i.Disks).Include(i => i.Replicas), name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: null, ct) is { } operation) return ImageLookup.InUse(image.Name, operation);
        if (image.DeletedTime is not null)
        {
            image.DeletedTime = null;
            image.PurgeAt = null;
            image.PurgeDeletesVhds = false;
            image.ModifiedTime = time.CatalogueNow();
            audit.Record(db, actor, AuditActions.RestoreImage, OperationTargets.Image(image.Name));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new PortalError(ErrorCodes.ImageInUse, ImageMessages.Format("ChangedWhileRestored", image.Name));
            }
        }
        return await ImageViewBuilder.DetailedAsync(db, store, image, null, time.GetUtcNow(), ct);
    }

    private async Task<PortalError> VersionTakenAsync(string family, string version, int imageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ImageVersions.CheckFreeAsync(db, family, version, imageId, ct)
            ?? ImageVersions.Conflict(family, version, ImageMessages.Get("AnotherImage"), inRecycleBin: false);
    }

    /// <summary>What keeps an image from being deleted or purged whatever else is going on: a capture, or its protection.</summary>
    private static PortalError? CheckRemovable(Image image)
    {
        if (image.State == ImageState.Capturing) return ImageLookup.BeingCaptured(image.Name);
        return image.Protected
            ? new PortalError(ErrorCodes.ImageProtected, ImageMessages.Format("ImageProtected", image.Name))
            : null;
    }

    /// <summary>
    /// The operation, marking the image in use so a second delete, a restore or a deploy is refused meanwhile; a new stamp, so an
    /// update or delete racing with this one, holding the old stamp, fails its save.
    /// </summary>
    private async Task<PortalResult<OperationView>> QueueAsync(PortalDbContext db, Image image, string kind, object payload, Actor actor, CancellationToken ct)
    {
        var queued = queue.Add(db, kind, OperationTargets.Image(image.Name), payload, vm: null, actor)!;
        queued.ImageName = image.Name;
        image.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.ImageInUse, ImageMessages.Format("ChangedWhileQueued", image.Name, kind));
        }
        queue.Wake();
        return OperationView.From(queued);
    }

    private static PortalError? ValidateUpdateFields(string name, ImageUpdate u)
    {
        // The name never changes, but one sent back must still be a name (the same one, checked after the lookup).
        if (u.Name is not null && NameRules.Image(u.Name, "name") is { } badName) return badName;
        if (ImageFields.Label(u.Label) is { } label) return label;
        if (ImageFields.Text(u.Description, "description", ImageFields.MaxDescription) is { } description) return description;
        if (ImageFields.Text(u.Language, "language", ImageFields.MaxShortText) is { } language) return language;
        if (ImageFamilies.CheckOptional(u.ImageFamily) is { } family) return family;
        if (ImageVersions.Check(u.Version) is { } badVersion) return badVersion;
        if (u.Lifecycle is { } lifecycle && ImageLifecycle.Validate(name, lifecycle) is { } badLifecycle) return badLifecycle;
        if (TagRules.Check(u.Tags) is { } badTag) return badTag;
        if (!string.IsNullOrWhiteSpace(u.RecommendedVmSize) && InstanceSizes.Find(u.RecommendedVmSize.Trim()) is null)
            return PortalError.Validation("recommendedVmSize", ImageMessages.Format("NotAnInstanceSize", u.RecommendedVmSize));
        if ((ImageFields.WebUri(u.EulaUri, "eulaUri") ?? ImageFields.WebUri(u.PrivacyUri, "privacyUri") ?? ImageFields.WebUri(u.IconUri, "iconUri")) is { } uri)
            return uri;
        if (u.OsDiskConfiguration?.HostCaching is { } osCaching && ImageFields.HostCaching(osCaching, osDisk: true, "osDiskConfiguration.hostCaching").Error is { } os)
            return os;
        var luns = new HashSet<int>();
        for (var n = 0; n < (u.DataDiskConfigurations?.Count ?? 0); n++)
        {
            var disk = u.DataDiskConfigurations![n];
            var field = $"dataDiskConfigurations[{n}]";
            if (disk is null) return PortalError.Validation(field, ImageMessages.Format("DataDiskChangeNull", field));
            if (ImageFields.Lun(disk.Lun, $"{field}.lun") is { } lun) return lun;
            if (!luns.Add(disk.Lun!.Value)) return new PortalError(ErrorCodes.InvalidLun, ImageMessages.Format("LunListedTwice", disk.Lun), $"{field}.lun");
            if (disk.HostCaching is not null && ImageFields.HostCaching(disk.HostCaching, osDisk: false, $"{field}.hostCaching").Error is { } data)
                return data;
        }
        return null;
    }

    /// <summary>R16: name, OS type, OS state and media links never change after capture; repeating the current value is no change.</summary>
    private static PortalError? ImmutableChange(Image image, ImageUpdate u)
    {
        static PortalError Never(string field, string message) => PortalError.Validation(field, message);
        string OsTypeNever() => ImageMessages.Format("NeverChangesOsType", image.Os);
        string OsStateNever() => ImageMessages.Format("NeverChangesOsState", image.OsState);

        if (u.Name is not null && u.Name != image.Name) return Never("name", ImageMessages.Format("NeverChangesName", image.Name));
        if (u.Os is not null && (!ImageFields.TryParseName<OsType>(u.Os, out var os) || os != image.Os)) return Never("os", OsTypeNever());
        if (u.OsState is not null && (!ImageFields.TryParseName<OsState>(u.OsState, out var st) || st != image.OsState))
            return Never("osState", OsStateNever());
        if (u.OsDiskConfiguration is { } osDisk)
        {
            if (osDisk.Os is not null && (!ImageFields.TryParseName<OsType>(osDisk.Os, out var dos) || dos != image.Os))
                return Never("osDiskConfiguration.os", OsTypeNever());
            if (osDisk.OsState is not null && (!ImageFields.TryParseName<OsState>(osDisk.OsState, out var dst) || dst != image.OsState))
                return Never("osDiskConfiguration.osState", OsStateNever());
            if (osDisk.MediaLink is not null && image.Disks.Where(d => d.IsOsDisk).All(d => d.MediaLink != osDisk.MediaLink))
                return Never("osDiskConfiguration.mediaLink", ImageMessages.Format("NeverChangesOsDiskMediaLink", image.Disks.First(d => d.IsOsDisk).MediaLink));
        }
        for (var n = 0; n < (u.DataDiskConfigurations?.Count ?? 0); n++)
        {
            var change = u.DataDiskConfigurations![n];
            var field = $"dataDiskConfigurations[{n}]";
            var disk = image.Disks.FirstOrDefault(d => d.Lun == change.Lun && d.Location == image.Location);
            if (disk is null)
            {
                var luns = string.Join(CoreMessages.Get("ListSeparator"), image.Disks.Where(d => d.Lun is not null).Select(d => d.Lun).Order());
                return new PortalError(ErrorCodes.InvalidLun, luns.Length > 0
                    ? ImageMessages.Format("NoDataDiskAtLun", image.Name, change.Lun, luns)
                    : ImageMessages.Format("NoDataDiskAtLunNoDataDisks", image.Name, change.Lun), $"{field}.lun");
            }
            if (change.MediaLink is not null && change.MediaLink != disk.MediaLink) return Never($"{field}.mediaLink", ImageMessages.Format("NeverChangesDataDiskMediaLink", disk.Lun, disk.MediaLink));
        }
        return null;
    }

    /// <summary>Host caching as already validated by <see cref="ValidateUpdateFields"/>; each disk's applies to its copy in every replica.</summary>
    private static void ApplyHostCaching(Image image, ImageUpdate u)
    {
        if (u.OsDiskConfiguration?.HostCaching is { } osCaching)
            foreach (var replica in image.Disks.Where(d => d.IsOsDisk))
                replica.HostCaching = ImageFields.HostCaching(osCaching, osDisk: true, "osDiskConfiguration.hostCaching").Value;
        foreach (var change in u.DataDiskConfigurations ?? [])
            if (change.HostCaching is not null)
                foreach (var replica in image.Disks.Where(d => d.Lun == change.Lun))
                    replica.HostCaching = ImageFields.HostCaching(change.HostCaching, osDisk: false, "hostCaching").Value;
    }
}
