using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

[Collection(typeof(AzuriteCollection))]
public sealed class DiskDeletionTests(AzuriteFixture azurite) : DiskStoreTestBase(azurite)
{
    private readonly TestDatabase _database = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await _database.InitializeAsync();
    }

    public override ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_blob_a_disk_still_uses_is_kept_and_the_refusal_says_so()
    {
        var disk = await NewDiskAsync();
        await using (var db = _database.CreateDbContext())
        {
            db.Disks.Add(new Disk { Name = "data-0", MediaLink = disk.AbsoluteUri, LogicalSizeInGb = 1 });
            await db.SaveChangesAsync();
        }

        var result = await Store.DeleteAsync(disk, new CatalogueBlobReferences(_database));

        Assert.Equal(DiskDeletionOutcome.StillReferenced, result.Outcome);
        Assert.True(await Blob(disk).ExistsAsync());
    }

    [Fact]
    public async Task An_unreferenced_blob_is_deleted_with_its_snapshots()
    {
        var disk = await NewDiskAsync();
        var snapshot = await Store.SnapshotAsync(disk);

        var result = await Store.DeleteAsync(disk, new CatalogueBlobReferences(_database));

        Assert.Equal(DiskDeletionOutcome.Deleted, result.Outcome);
        Assert.False(await Blob(disk).ExistsAsync());
        Assert.False(await Blob(snapshot).ExistsAsync());
        Assert.Equal(DiskDeletionOutcome.NotFound, (await Store.DeleteAsync(disk, new CatalogueBlobReferences(_database))).Outcome);
    }
}
