using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Seeding;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>R19: every public OS image has a real generalized VHD in every location that has storage.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class PublicImageSeedingTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task Each_public_image_has_a_valid_generalized_replica_in_each_location()
    {
        await using var db = Db();
        var images = await db.Images.Include(i => i.Disks).Where(i => i.Category == ImageCategory.Public).ToListAsync();
        var store = Get<DiskStore>();

        Assert.Equal(
            ["CentOS-6.5", "SUSE-Linux-Enterprise-Server-11-SP3", "Ubuntu-Server-14.04-LTS", "Windows-Server-2008-R2-SP1", "Windows-Server-2012-R2-Datacenter"],
            images.Select(i => i.Name).Order());
        foreach (var image in images)
        {
            Assert.Equal(ImageKind.OSImage, image.Kind);
            Assert.Equal(OsState.Generalized, image.OsState);
            Assert.Equal(["East US", "West US"], image.Disks.Select(d => d.Location).Order());
            foreach (var replica in image.Disks)
            {
                var uri = new Uri(replica.MediaLink);
                Assert.Equal(replica.Location, store.Resolve(uri).Account.Location);
                Assert.True((await store.ValidateAsync(uri)).IsValid);
                var guest = (await store.ReadGuestRecordAsync(uri)).Value!;
                Assert.Equal(GuestRecord.GeneralizedImage(image.Os), guest);
                var allocated = await store.AllocatedBytesAsync(uri);
                Assert.InRange(allocated, PublicImageSeeder.BootRegionBytes, 2 * PublicImageSeeder.BootRegionBytes);
            }
        }
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        await using var db = Db();
        var before = await db.Set<ImageDisk>().CountAsync();

        await Get<Seeding.PublicImageSeeder>().SeedAsync(CancellationToken.None);

        Assert.Equal(before, await db.Set<ImageDisk>().CountAsync());
    }
}
