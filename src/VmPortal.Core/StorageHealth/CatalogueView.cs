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

    /// <summary>Who refers to a blob, and the media link as the catalogue spells it.</summary>
    public sealed record Reference(Referrer By, string MediaLink);

    public enum ReferrerKind { UnattachedDisk, Disk, Image, Upload }

    /// <summary>
    /// A disk (of <see cref="Vm"/>, "shop/web1", when attached), an image or an upload that refers to a blob: <see cref="Resource"/>
    /// names it for the API ("disk 'x' of shop/web1", "image 'y'"); <see cref="Subject"/> and <see cref="Noun"/> in the reader's language.
    /// </summary>
    public sealed record Referrer(ReferrerKind Kind, string Name, string? Vm = null)
    {
        public string Resource => Kind switch
        {
            ReferrerKind.UnattachedDisk => $"unattached disk '{Name}'",
            ReferrerKind.Disk => $"disk '{Name}' of {Vm}",
            ReferrerKind.Image => $"image '{Name}'",
            _ => $"upload {Name}",
        };

        /// <summary>The referrer at the start of a sentence ("Disk 'x' of shop/web1").</summary>
        public string Subject => Kind switch
        {
            ReferrerKind.UnattachedDisk => StorageHealthMessages.Format("SubjectUnattachedDisk", Name),
            ReferrerKind.Disk => StorageHealthMessages.Format("SubjectDisk", Name, Vm),
            ReferrerKind.Image => StorageHealthMessages.Format("SubjectImage", Name),
            _ => StorageHealthMessages.Format("SubjectUpload", Name),
        };

        /// <summary>What to delete to be rid of the reference: the image, the upload or the disk.</summary>
        public string Noun => Kind switch
        {
            ReferrerKind.Image => StorageHealthMessages.Get("NounImage"),
            ReferrerKind.Upload => StorageHealthMessages.Get("NounUpload"),
            _ => StorageHealthMessages.Get("NounDisk"),
        };
    }

    public required IReadOnlyDictionary<BlobKey, Reference> References { get; init; }
    /// <summary>References that are no blob URI of any account (typed by hand into an old catalogue): reported as missing.</summary>
    public required IReadOnlyList<(string MediaLink, Referrer By)> Unreadable { get; init; }
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
        var unreadable = new List<(string, Referrer)>();
        foreach (var (link, by) in disks.Select(d => (d.MediaLink, d.Vm is null
                         ? new Referrer(ReferrerKind.UnattachedDisk, d.Name) : new Referrer(ReferrerKind.Disk, d.Name, $"{d.Service}/{d.Vm}")))
                     .Concat(imageDisks.Select(d => (d.MediaLink, new Referrer(ReferrerKind.Image, d.Image))))
                     .Concat(uploads.Select(u => (u.BlobUri, new Referrer(ReferrerKind.Upload, u.Id.ToString())))))
        {
            if (BlobKey.TryParse(link, out var key)) references.TryAdd(key, new Reference(by, link));
            else unreadable.Add((link, by));
        }
        return new CatalogueView { References = references, Unreadable = unreadable, Vms = vms, CapturingImages = capturing, Claims = claims };
    }
}
