using Azure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Seeding;

/// <summary>
/// Makes sure every public OS image has a replica in every location that has a storage account (R19):
/// a sparse fixed VHD with a generalized guest record and a small written "boot region", so its
/// allocated size is real. Idempotent: it only adds what is missing.
/// </summary>
public sealed class PublicImageSeeder(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore disks, TimeProvider time, ILogger<PublicImageSeeder> logger)
{
    /// <summary>Enough to make the allocated size real; small, as every first start writes one per replica (30 at the default accounts).</summary>
    public const int BootRegionBytes = 64 * 1024;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Images.Include(i => i.Disks).Where(i => i.Category == ImageCategory.Public).ToListAsync(ct);
        var perLocation = accounts.All.GroupBy(a => a.Location).Select(g => g.First()).ToList();
        var now = time.GetUtcNow();
        var missing = new List<(Image Image, PublicImages.Definition Definition, BlobAccount Account)>();

        foreach (var definition in PublicImages.All)
        {
            var image = existing.SingleOrDefault(i => i.Name == definition.Name);
            if (image is null)
            {
                image = new Image
                {
                    Name = definition.Name, Kind = ImageKind.OSImage, Category = ImageCategory.Public, State = ImageState.Ready,
                    Label = definition.Label, Description = definition.Description, Location = PublicImages.AllLocations,
                    Os = definition.Os, OsState = OsState.Generalized, ImageFamily = definition.Family, Language = "English",
                    RecommendedVmSize = definition.RecommendedVmSize, CreatedTime = now, ModifiedTime = now,
                };
                db.Images.Add(image);
            }
            missing.AddRange(perLocation.Where(a => image.Disks.All(d => d.Location != a.Location)).Select(a => (image, definition, a)));
        }
        // Every missing replica at once (each is its own blob): a first start waits for the slowest, not for the sum.
        var replicas = await Task.WhenAll(missing.Select(async m => (m.Image, Disk: await CreateReplicaAsync(m.Definition, m.Account, ct))));
        foreach (var (image, disk) in replicas) image.Disks.Add(disk);
        await db.SaveChangesAsync(ct);
        if (replicas.Length > 0) logger.LogInformation("Seeded {Count} public OS image replicas", replicas.Length);
    }

    private async Task<ImageDisk> CreateReplicaAsync(PublicImages.Definition definition, BlobAccount account, CancellationToken ct)
    {
        var name = PublicImages.BlobName(definition, account.Location);
        Uri uri;
        try
        {
            uri = await disks.CreateEmptyDiskAsync(account, name, definition.SizeInGb, cancellationToken: ct);
        }
        catch (DiskNameTakenException taken)
        {
            // Left by an earlier start that stopped before recording it: reuse it once it proves to be a VHD.
            uri = taken.Blob;
            if (!(await disks.ValidateAsync(uri, ct)).IsValid)
            {
                await disks.Resolve(uri).Blob.DeleteAsync(cancellationToken: ct);
                uri = await disks.CreateEmptyDiskAsync(account, name, definition.SizeInGb, cancellationToken: ct);
            }
        }
        await WriteBootRegionAsync(uri, definition, ct);
        await disks.WriteGuestRecordAsync(uri, GuestRecord.GeneralizedImage(definition.Os), ct);
        return new ImageDisk
        {
            Name = Path.GetFileNameWithoutExtension(name), Location = account.Location, HostCaching = HostCaching.ReadWrite,
            MediaLink = uri.AbsoluteUri, LogicalSizeInGb = definition.SizeInGb,
        };
    }

    /// <summary>Stands in for the installed OS: a deterministic pattern after the fabric's own sectors.</summary>
    private async Task WriteBootRegionAsync(Uri uri, PublicImages.Definition definition, CancellationToken ct)
    {
        var bytes = new byte[BootRegionBytes];
        new Random(definition.Name.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0x7fffffff).NextBytes(bytes);
        try
        {
            await disks.Resolve(uri).Blob.UploadPagesAsync(new MemoryStream(bytes), BootRegionBytes, options: null, ct);
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"Could not write the public image {definition.Name} to {uri}: {e.ErrorCode}", e);
        }
    }
}
