using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.StorageHealth;

/// <summary>
/// The catalogue as the health check compares it with storage, read in one transaction (one consistent moment): which
/// blob each disk, image and upload refers to, the VMs and images that could be left mid-way, and what operations in progress own.
/// </summary>
internal sealed class CatalogueView
{
    public sealed record VmRow(int Id, string Service, string Name, VmStatus Status, Guid? ActiveOperationId);

    /// <summary>Who refers to a blob ("disk 'x' of shop/web1", "image 'y'"), and the media link as the catalogue spells it.</summary>
    public sealed record Reference(string By, string MediaLink);

    public required IReadOnlyDictionary<BlobKey, Reference> References { get; init; }
    /// <summary>References that are no blob URI of any account (typed by hand into an old catalogue): reported as missing.</summary>
    public required IReadOnlyList<(string MediaLink, string By)> Unreadable { get; init; }
    public required IReadOnlyList<VmRow> Vms { get; init; }
    public required IReadOnlyList<string> CapturingImages { get; init; }
    public required OperationClaims Claims { get; init; }

    public static async Task<CatalogueView> ReadAsync(PortalDbContext db, CancellationToken ct)
    {
        // Repeatable read: a snapshot on PostgreSQL; SQLite serializes anyway.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var disks = await db.Disks.AsNoTracking()
            .Select(d => new { d.Name, d.MediaLink, Service = d.VirtualMachine == null ? null : d.VirtualMachine.CloudService!.Name, Vm = d.VirtualMachine == null ? null : d.VirtualMachine.Name })
            .ToListAsync(ct);
        var imageDisks = await db.Set<ImageDisk>().AsNoTracking()
            .Join(db.Images, d => d.ImageId, i => i.Id, (d, i) => new { Image = i.Name, d.MediaLink }).ToListAsync(ct);
        var uploads = await db.Uploads.AsNoTracking().Select(u => new { u.Id, u.BlobUri }).ToListAsync(ct);
        var vms = await db.VirtualMachines.AsNoTracking()
            .Select(v => new VmRow(v.Id, v.CloudService!.Name, v.Name, v.Status, v.ActiveOperationId)).ToListAsync(ct);
        var capturing = await db.Images.AsNoTracking().Where(i => i.State == ImageState.Capturing).Select(i => i.Name).ToListAsync(ct);
        var claims = await OperationClaims.LoadAsync(db, except: null, ct);
        await transaction.CommitAsync(ct);

        var references = new Dictionary<BlobKey, Reference>();
        var unreadable = new List<(string, string)>();
        foreach (var (link, by) in disks.Select(d => (d.MediaLink, d.Vm is null ? $"unattached disk '{d.Name}'" : $"disk '{d.Name}' of {d.Service}/{d.Vm}"))
                     .Concat(imageDisks.Select(d => (d.MediaLink, $"image '{d.Image}'")))
                     .Concat(uploads.Select(u => (u.BlobUri, $"upload {u.Id}"))))
        {
            if (BlobKey.TryParse(link, out var key)) references.TryAdd(key, new Reference(by, link));
            else unreadable.Add((link, by));
        }
        return new CatalogueView { References = references, Unreadable = unreadable, Vms = vms, CapturingImages = capturing, Claims = claims };
    }
}
