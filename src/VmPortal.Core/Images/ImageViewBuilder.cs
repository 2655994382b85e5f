using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Images;

/// <summary>Shapes an image row as API.md's <c>Image</c>, for lists (no storage calls) and for one image (allocated sizes).</summary>
internal static class ImageViewBuilder
{
    public static async Task<ImageView> DetailedAsync(PortalDbContext db, DiskStore store, Image image, string? location, DateTimeOffset now, CancellationToken ct)
    {
        var deployed = await db.VirtualMachines.AsNoTracking().Where(v => v.SourceImageName == image.Name)
            .OrderBy(v => v.CloudService!.Name).ThenBy(v => v.Name)
            .Select(v => new DeployedVmView(v.CloudService!.Name, v.Name, v.Status)).ToListAsync(ct);
        var disks = ShownDisks(image, image.Disks.OrderBy(d => d.Id).ToList(), location);
        var probes = await Task.WhenAll(disks.Select(d => store.ProbeAsync(d.MediaLink, ct)));
        var byDisk = disks.Select((d, i) => (d.Id, Probe: probes[i])).ToDictionary(x => x.Id, x => x.Probe);
        return From(image, image.Disks.OrderBy(d => d.Id).ToList(), location, deployed.Count, deployed, byDisk, now);
    }

    /// <summary>
    /// The disks an image shows: a public image's one replica (in <paramref name="location"/> if it has one there, else its first), or
    /// a user image's disks in its own location (its replicas elsewhere are listed under <see cref="ImageView.Replicas"/>).
    /// </summary>
    private static List<ImageDisk> ShownDisks(Image image, List<ImageDisk> disks, string? location) =>
        image.Category == ImageCategory.Public
            ? disks.Count > 0 ? [disks.FirstOrDefault(d => d.Location == location) ?? disks[0]] : disks
            : [.. disks.Where(d => d.Location == image.Location)];

    /// <summary>Its own location first, then the others in the order locations are listed; a Ready replica is its disks there.</summary>
    public static List<ImageReplicaView> Replicas(Image image, IEnumerable<ImageDisk> disks, IEnumerable<ImageReplica> rows)
    {
        var ready = disks.Where(d => d.IsOsDisk).Select(d => d.Location).Append(image.Category == ImageCategory.Public ? null : image.Location)
            .OfType<string>().Distinct().Select(l => new ImageReplicaView(l, ReplicaState.Ready, 100));
        var pending = rows.Where(r => r.State != ReplicaState.Ready).Select(r => new ImageReplicaView(r.Location, r.State, r.Progress, r.Error));
        return [.. ready.Concat(pending).DistinctBy(r => r.Location)
            .OrderBy(r => r.Location == image.Location ? -1 : Catalogue.Locations.All.ToList().IndexOf(r.Location))];
    }

    public static ImageView From(Image i, List<ImageDisk> disks, string? location, int deployedVmCount,
        IReadOnlyList<DeployedVmView>? deployedVms, IReadOnlyDictionary<int, BlobProbe>? probes, DateTimeOffset now,
        IReadOnlyList<ImageReplica>? replicas = null)
    {
        var isPublic = i.Category == ImageCategory.Public;
        var shown = ShownDisks(i, disks, location);
        BlobProbe? Probe(ImageDisk d) => probes is not null && probes.TryGetValue(d.Id, out var p) ? p : null;
        var os = shown.FirstOrDefault(d => d.IsOsDisk) is { } o
            ? new OsDiskConfigurationView(o.Name, o.HostCaching, i.OsState, i.Os, o.MediaLink, o.LogicalSizeInGb, o.Location,
                Probe(o)?.AllocatedBytes, Probe(o)?.Missing)
            : null;
        var data = i.Kind == ImageKind.VMImage
            ? shown.Where(d => !d.IsOsDisk).OrderBy(d => d.Lun)
                .Select(d => new DataDiskConfigurationView(d.Name, d.HostCaching, d.Lun!.Value, d.MediaLink, d.LogicalSizeInGb,
                    Probe(d)?.AllocatedBytes, Probe(d)?.Missing)).ToList()
            : null;
        List<BlobProbe?> shownProbes = probes is null ? [] : [.. shown.Select(Probe)];
        bool? blobMissing = probes is null ? null
            : shownProbes.Any(p => p?.Missing == true) ? true
            : shownProbes.All(p => p?.Missing == false) ? false : null;
        var locations = isPublic ? disks.Select(d => d.Location).Distinct().ToList() : [i.Location];
        return new ImageView(
            i.Name, i.Kind, i.Label, i.Description, i.Category, isPublic ? null : i.Location, locations, i.Os, i.OsState, i.State,
            i.ImageFamily, i.Version, i.ExcludeFromLatest, i.Language, i.RecommendedVmSize, i.EulaUri, i.PrivacyUri, i.IconUri, i.ShowInGallery,
            i.CreatedTime, i.ModifiedTime, TagRules.ToMap(i.Tags), i.Protected, ImageLifecycle.ViewAt(i, now), i.DeletedTime, i.PurgeAt,
            i.SourceServiceName is not null && i.SourceVmName is not null ? new SourceVmView(i.SourceServiceName, i.SourceVmName) : null,
            i.RoleStateOnCapture, i.RoleSizeOnCapture, os, data, deployedVmCount, deployedVms, blobMissing,
            Replicas(i, disks, replicas ?? i.Replicas));
    }

}
