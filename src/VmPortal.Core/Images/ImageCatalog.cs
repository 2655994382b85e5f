using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Images;

/// <summary>
/// The image gallery (R14–R19): list and read OS and VM images, change what may change after capture, delete
/// one (an operation), and register images from blobs already in storage (<see cref="ImageCatalog"/>'s
/// registration part). One context per call; checks in API.md's order.
/// </summary>
public sealed partial class ImageCatalog(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, IBlobReferences references, Storage.BlobAccounts accounts, VhdUpload upload,
    OperationQueue queue, TimeProvider time)
{
    /// <summary>R14: OS images, then VM images, each by name, filtered; paged across both kinds. Allocated sizes are left out (null).</summary>
    public async Task<PortalResult<Page<ImageView>>> ListAsync(ImageListQuery query, int? skip, int? take, CancellationToken ct = default)
    {
        var filter = Filter.Parse(query);
        if (filter.Error is { } invalid) return invalid;
        var f = filter.Value!;
        return await dbFactory.QueryPageAsync(skip, take,
            db => Apply(db.Images.AsNoTracking(), f)
                .OrderBy(i => i.Kind == ImageKind.OSImage ? 0 : 1).ThenBy(i => i.NormalizedName)
                .Select(i => new Row(i, i.Disks.OrderBy(d => d.Id).ToList(), db.VirtualMachines.Count(v => v.SourceImageName == i.Name))),
            row => View(row.Image, row.Disks, f.Location, row.DeployedVmCount, deployedVms: null, allocated: null), ct);
    }

    /// <summary>
    /// One image by name (any case), with what each disk's blob really stores and the VMs deployed from it.
    /// <paramref name="location"/> picks the replica of a public image shown as its OS disk.
    /// </summary>
    public async Task<PortalResult<ImageView>> GetAsync(string name, string? location = null, CancellationToken ct = default)
    {
        string? replica = null;
        if (location is not null)
        {
            var resolved = Catalogue.Locations.Resolve(location);
            if (resolved.Error is { } bad) return bad;
            replica = resolved.Value;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await FindAsync(db.Images.AsNoTracking().Include(i => i.Disks), name, ct);
        if (image is null) return NotFound(name);
        return await DetailedViewAsync(db, image, replica, ct);
    }

    /// <summary>
    /// R16: label, description, language, family, recommended size, EULA/privacy/icon URIs, show-in-gallery and
    /// each disk's host caching. Public images are the portal's own (403 <c>Forbidden</c>); an image still being
    /// captured is <c>ImageInUse</c>; a concurrent change is <c>ImageInUse</c> ("reload").
    /// </summary>
    public async Task<PortalResult<ImageView>> UpdateAsync(string name, ImageUpdate update, CancellationToken ct = default)
    {
        if (ValidateUpdateFields(update) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await FindAsync(db.Images.Include(i => i.Disks), name, ct);
        if (image is null) return NotFound(name);
        if (image.Category == ImageCategory.Public) return PublicIsReadOnly(image.Name, "changed");
        if (image.State == ImageState.Capturing) return BeingCaptured(image.Name);
        if (await InUseByAsync(db, image.Name, exceptOperation: null, ct) is { Kind: OperationKinds.DeleteImage } deleting)
            return InUse(image.Name, deleting);
        if (ImmutableChange(image, update) is { } immutable) return immutable;
        ApplyHostCaching(image, update);

        if (update.Label is not null) image.Label = update.Label.Trim();
        if (update.Description is not null) image.Description = ImageFields.Cleared(update.Description);
        if (update.Language is not null) image.Language = ImageFields.Cleared(update.Language);
        if (update.ImageFamily is not null) image.ImageFamily = ImageFields.Cleared(update.ImageFamily);
        if (update.RecommendedVmSize is not null)
            image.RecommendedVmSize = ImageFields.Cleared(update.RecommendedVmSize) is null ? null : InstanceSizes.Find(update.RecommendedVmSize.Trim())!.Name;
        if (update.EulaUri is not null) image.EulaUri = ImageFields.Cleared(update.EulaUri);
        if (update.PrivacyUri is not null) image.PrivacyUri = ImageFields.Cleared(update.PrivacyUri);
        if (update.IconUri is not null) image.IconUri = ImageFields.Cleared(update.IconUri);
        if (update.ShowInGallery is { } show) image.ShowInGallery = show;
        image.ModifiedTime = Now();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.ImageInUse,
                $"Image '{image.Name}' was changed (or deleted) by someone else while this update was saved; nothing was changed. Reload it and try again.");
        }
        return await DetailedViewAsync(db, image, null, ct);
    }

    /// <summary>
    /// R17: queues a <see cref="DeleteImageHandler"/> operation. Refused while the image is captured or deployed
    /// (<c>ImageInUse</c>: an unfinished operation names it, or it is still Capturing); public images are the
    /// portal's own (403 <c>Forbidden</c>). With <paramref name="deleteVhds"/> its blobs go too, except those
    /// another image or disk still uses.
    /// </summary>
    public async Task<PortalResult<OperationView>> DeleteAsync(string name, bool deleteVhds, string? requestedBy = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await FindAsync(db.Images, name, ct);
        if (image is null) return NotFound(name);
        if (image.Category == ImageCategory.Public) return PublicIsReadOnly(image.Name, "deleted");
        if (image.State == ImageState.Capturing) return BeingCaptured(image.Name);
        if (await InUseByAsync(db, image.Name, exceptOperation: null, ct) is { } operation) return InUse(image.Name, operation);

        var queued = queue.Add(db, OperationKinds.DeleteImage, OperationTargets.Image(image.Name),
            new DeleteImageHandler.Payload(image.Id, image.Name, deleteVhds), vm: null, requestedBy)!;
        // The delete itself marks the image in use: a second delete, or a deploy that checks, is refused meanwhile.
        queued.ImageName = image.Name;
        // A new stamp: an update or delete racing with this one, holding the old stamp, fails its save.
        image.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.ImageInUse, $"Image '{image.Name}' changed while the delete was being queued; look at it again.");
        }
        queue.Wake();
        return OperationView.From(queued);
    }

    /// <summary>The unfinished operation (capture, deploy, delete) naming the image, other than <paramref name="exceptOperation"/>.</summary>
    internal static Task<Operation?> InUseByAsync(PortalDbContext db, string imageName, Guid? exceptOperation, CancellationToken ct)
    {
        var normalized = imageName.ToUpperInvariant();
        return db.Operations.AsNoTracking()
            .Where(o => o.Status == OperationStatus.InProgress && o.ImageName != null && o.ImageName.ToUpper() == normalized && o.Id != exceptOperation)
            .OrderBy(o => o.CreatedTime).FirstOrDefaultAsync(ct);
    }

    internal static PortalError InUse(string name, Operation operation) =>
        new(ErrorCodes.ImageInUse,
            $"Image '{name}' is in use by a {operation.Kind} operation ({operation.Id}) that has not finished; wait for it to finish and try again.");

    private static Task<Image?> FindAsync(IQueryable<Image> images, string name, CancellationToken ct)
    {
        var normalized = name.ToUpperInvariant();
        return images.SingleOrDefaultAsync(i => i.NormalizedName == normalized, ct);
    }

    /// <summary>The time as the catalogue stores it (whole milliseconds), so what a call answers equals what a later read shows.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private static PortalError NotFound(string name) => PortalError.NotFound($"Image '{name}'");

    private static PortalError PublicIsReadOnly(string name, string verb) =>
        new(ErrorCodes.Forbidden,
            $"'{name}' is a public OS image the portal provides in every location; it cannot be {verb}. Capture or register an image of your own instead.");

    private static PortalError BeingCaptured(string name) =>
        new(ErrorCodes.ImageInUse, $"Image '{name}' is still being captured; wait for the capture to finish and try again.");

    private async Task<ImageView> DetailedViewAsync(PortalDbContext db, Image image, string? location, CancellationToken ct)
    {
        var deployed = await db.VirtualMachines.AsNoTracking().Where(v => v.SourceImageName == image.Name)
            .OrderBy(v => v.CloudService!.Name).ThenBy(v => v.Name)
            .Select(v => new DeployedVmView(v.CloudService!.Name, v.Name, v.Status)).ToListAsync(ct);
        var disks = ShownDisks(image, image.Disks.OrderBy(d => d.Id).ToList(), location);
        var allocated = await Task.WhenAll(disks.Select(d => store.AllocatedBytesOrNullAsync(d.MediaLink, ct)));
        var byDisk = disks.Select((d, i) => (d.Id, Bytes: allocated[i])).ToDictionary(x => x.Id, x => x.Bytes);
        return View(image, image.Disks.OrderBy(d => d.Id).ToList(), location, deployed.Count, deployed, byDisk);
    }

    /// <summary>The disks an image shows: a public image's one replica (in <paramref name="location"/> if it has one there, else its first), or all.</summary>
    private static List<ImageDisk> ShownDisks(Image image, List<ImageDisk> disks, string? location) =>
        image.Category == ImageCategory.Public && disks.Count > 0 ? [disks.FirstOrDefault(d => d.Location == location) ?? disks[0]] : disks;

    private static ImageView View(Image i, List<ImageDisk> disks, string? location, int deployedVmCount,
        IReadOnlyList<DeployedVmView>? deployedVms, IReadOnlyDictionary<int, long?>? allocated)
    {
        var isPublic = i.Category == ImageCategory.Public;
        var shown = ShownDisks(i, disks, location);
        long? Bytes(ImageDisk d) => allocated is not null && allocated.TryGetValue(d.Id, out var b) ? b : null;
        var os = shown.FirstOrDefault(d => d.IsOsDisk) is { } o
            ? new OsDiskConfigurationView(o.Name, o.HostCaching, i.OsState, i.Os, o.MediaLink, o.LogicalSizeInGb, o.Location, Bytes(o))
            : null;
        var data = i.Kind == ImageKind.VMImage
            ? shown.Where(d => !d.IsOsDisk).OrderBy(d => d.Lun)
                .Select(d => new DataDiskConfigurationView(d.Name, d.HostCaching, d.Lun!.Value, d.MediaLink, d.LogicalSizeInGb, Bytes(d))).ToList()
            : null;
        var locations = isPublic ? disks.Select(d => d.Location).Distinct().ToList() : [i.Location];
        return new ImageView(
            i.Name, i.Kind, i.Label, i.Description, i.Category, isPublic ? null : i.Location, locations, i.Os, i.OsState, i.State,
            i.ImageFamily, i.Language, i.RecommendedVmSize, i.EulaUri, i.PrivacyUri, i.IconUri, i.ShowInGallery,
            i.CreatedTime, i.ModifiedTime,
            i.SourceServiceName is not null && i.SourceVmName is not null ? new SourceVmView(i.SourceServiceName, i.SourceVmName) : null,
            i.RoleStateOnCapture, i.RoleSizeOnCapture, os, data, deployedVmCount, deployedVms);
    }

    private sealed record Row(Image Image, List<ImageDisk> Disks, int DeployedVmCount);

    /// <summary>The list's filters, parsed: an unknown kind, OS, OS state or location is <c>ValidationFailed</c> naming it.</summary>
    private sealed record Filter(ImageKind? Kind, OsType? Os, OsState? OsState, string? Location, string? Family, string? Search)
    {
        public static PortalResult<Filter> Parse(ImageListQuery q)
        {
            ImageKind? kind = null;
            OsType? os = null;
            OsState? osState = null;
            string? location = null;
            if (!string.IsNullOrWhiteSpace(q.Kind))
            {
                if (!ImageFields.TryParseName<ImageKind>(q.Kind, out var k))
                    return PortalError.Validation("kind", $"'{q.Kind}' is not an image kind; use OSImage or VMImage.");
                kind = k;
            }
            if (!string.IsNullOrWhiteSpace(q.Os))
            {
                var parsed = ImageFields.Os(q.Os, "os");
                if (parsed.Error is { } e) return e;
                os = parsed.Value;
            }
            if (!string.IsNullOrWhiteSpace(q.OsState))
            {
                var parsed = ImageFields.OsState(q.OsState, "osState");
                if (parsed.Error is { } e) return e;
                osState = parsed.Value;
            }
            if (!string.IsNullOrWhiteSpace(q.Location))
            {
                var parsed = Catalogue.Locations.Resolve(q.Location);
                if (parsed.Error is { } e) return e;
                location = parsed.Value;
            }
            return new Filter(kind, os, osState, location,
                string.IsNullOrWhiteSpace(q.Family) ? null : q.Family.Trim().ToUpperInvariant(),
                string.IsNullOrWhiteSpace(q.Search) ? null : q.Search.Trim().ToUpperInvariant());
        }
    }

    /// <summary>
    /// A public image matches every location it has a replica in, a user image its own. Family matches whole, text
    /// search looks into name, label and description; both ignore case.
    /// </summary>
    private static IQueryable<Image> Apply(IQueryable<Image> images, Filter f)
    {
        if (f.Kind is { } kind) images = images.Where(i => i.Kind == kind);
        if (f.Os is { } os) images = images.Where(i => i.Os == os);
        if (f.OsState is { } osState) images = images.Where(i => i.OsState == osState);
        if (f.Location is { } location)
            images = images.Where(i => i.Category == ImageCategory.Public ? i.Disks.Any(d => d.Location == location) : i.Location == location);
        if (f.Family is { } family) images = images.Where(i => i.ImageFamily != null && i.ImageFamily.ToUpper() == family);
        if (f.Search is { } search)
            images = images.Where(i => i.NormalizedName.Contains(search) || i.Label.ToUpper().Contains(search)
                || (i.Description != null && i.Description.ToUpper().Contains(search)));
        return images;
    }

    private static PortalError? ValidateUpdateFields(ImageUpdate u)
    {
        if (ImageFields.Label(u.Label) is { } label) return label;
        if (ImageFields.Text(u.Description, "description", ImageFields.MaxDescription) is { } description) return description;
        if (ImageFields.Text(u.Language, "language", ImageFields.MaxShortText) is { } language) return language;
        if (ImageFields.Text(u.ImageFamily, "imageFamily", ImageFields.MaxFamily) is { } family) return family;
        if (!string.IsNullOrWhiteSpace(u.RecommendedVmSize) && InstanceSizes.Find(u.RecommendedVmSize.Trim()) is null)
            return PortalError.Validation("recommendedVmSize", $"'{u.RecommendedVmSize}' is not an instance size; GET /api/instance-sizes lists them.");
        if ((ImageFields.WebUri(u.EulaUri, "eulaUri") ?? ImageFields.WebUri(u.PrivacyUri, "privacyUri") ?? ImageFields.WebUri(u.IconUri, "iconUri")) is { } uri)
            return uri;
        if (u.OsDiskConfiguration?.HostCaching is { } osCaching && ImageFields.HostCaching(osCaching, osDisk: true, "osDiskConfiguration.hostCaching").Error is { } os)
            return os;
        var luns = new HashSet<int>();
        for (var n = 0; n < (u.DataDiskConfigurations?.Count ?? 0); n++)
        {
            var disk = u.DataDiskConfigurations![n];
            var field = $"dataDiskConfigurations[{n}]";
            if (disk is null) return PortalError.Validation(field, $"{field} is null; send {{lun, hostCaching}}.");
            if (ImageFields.Lun(disk.Lun, $"{field}.lun") is { } lun) return lun;
            if (!luns.Add(disk.Lun!.Value)) return new PortalError(ErrorCodes.InvalidLun, $"LUN {disk.Lun} is listed twice.", $"{field}.lun");
            if (disk.HostCaching is not null && ImageFields.HostCaching(disk.HostCaching, osDisk: false, $"{field}.hostCaching").Error is { } data)
                return data;
        }
        return null;
    }

    /// <summary>R16: name, OS type, OS state and media links never change after capture; repeating the current value is no change.</summary>
    private static PortalError? ImmutableChange(Image image, ImageUpdate u)
    {
        static PortalError Never(string field, string what, string current) =>
            PortalError.Validation(field, $"The {what} of an image never changes after capture (R16); it is '{current}'. Capture or register a new image instead.");

        if (u.Name is not null && u.Name != image.Name) return Never("name", "name", image.Name);
        if (u.Os is not null && (!ImageFields.TryParseName<OsType>(u.Os, out var os) || os != image.Os)) return Never("os", "OS type", image.Os.ToString());
        if (u.OsState is not null && (!ImageFields.TryParseName<OsState>(u.OsState, out var st) || st != image.OsState))
            return Never("osState", "OS state", image.OsState.ToString());
        if (u.OsDiskConfiguration is { } osDisk)
        {
            if (osDisk.Os is not null && (!ImageFields.TryParseName<OsType>(osDisk.Os, out var dos) || dos != image.Os))
                return Never("osDiskConfiguration.os", "OS type", image.Os.ToString());
            if (osDisk.OsState is not null && (!ImageFields.TryParseName<OsState>(osDisk.OsState, out var dst) || dst != image.OsState))
                return Never("osDiskConfiguration.osState", "OS state", image.OsState.ToString());
            if (osDisk.MediaLink is not null && image.Disks.Where(d => d.IsOsDisk).All(d => d.MediaLink != osDisk.MediaLink))
                return Never("osDiskConfiguration.mediaLink", "OS disk's media link", image.Disks.First(d => d.IsOsDisk).MediaLink);
        }
        for (var n = 0; n < (u.DataDiskConfigurations?.Count ?? 0); n++)
        {
            var change = u.DataDiskConfigurations![n];
            var field = $"dataDiskConfigurations[{n}]";
            var disk = image.Disks.FirstOrDefault(d => d.Lun == change.Lun);
            if (disk is null)
            {
                var luns = string.Join(", ", image.Disks.Where(d => d.Lun is not null).Select(d => d.Lun).Order());
                return new PortalError(ErrorCodes.InvalidLun,
                    $"Image '{image.Name}' has no data disk at LUN {change.Lun}; {(luns.Length > 0 ? $"its data disks are at LUN {luns}" : "it has no data disks")}.",
                    $"{field}.lun");
            }
            if (change.MediaLink is not null && change.MediaLink != disk.MediaLink) return Never($"{field}.mediaLink", $"media link of LUN {disk.Lun}", disk.MediaLink);
        }
        return null;
    }

    /// <summary>Host caching as already validated by <see cref="ValidateUpdateFields"/>; the OS disk's applies to every replica.</summary>
    private static void ApplyHostCaching(Image image, ImageUpdate u)
    {
        if (u.OsDiskConfiguration?.HostCaching is { } osCaching)
            foreach (var replica in image.Disks.Where(d => d.IsOsDisk))
                replica.HostCaching = ImageFields.HostCaching(osCaching, osDisk: true, "osDiskConfiguration.hostCaching").Value;
        foreach (var change in u.DataDiskConfigurations ?? [])
            if (change.HostCaching is not null)
                image.Disks.Single(d => d.Lun == change.Lun).HostCaching =
                    ImageFields.HostCaching(change.HostCaching, osDisk: false, "hostCaching").Value;
    }
}
