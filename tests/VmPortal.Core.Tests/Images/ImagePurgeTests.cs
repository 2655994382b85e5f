using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>R17: purging an image is an operation; blobs go only when asked and only when nothing else uses them.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImagePurgeTests(AzuriteFixture azurite) : ImageHost(azurite)
{
    /// <summary>On purpose: an image row left Capturing with no capture (in use), and VHDs a delete was asked to keep.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.StrandedResource, StorageProblemKind.OrphanBlob };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Purging_removes_the_image_and_its_blobs_only_when_asked(bool deleteVhds)
    {
        var image = await AddVmImageAsync("going", luns: [0, 4]);
        var blobs = Blobs(image);

        var queued = await Service.PurgeAsync("GOING", deleteVhds, "ops@contoso");

        Assert.Equal((OperationKinds.PurgeImage, "images/going"), (queued.Value!.Kind, queued.Value.Target));
        await this.WaitForSuccessAsync(queued.Value.Id);
        Assert.Equal(ErrorCodes.NotFound, (await Queries.GetAsync("going")).Error?.Code);
        await using var db = Db();
        Assert.False(await db.Set<ImageDisk>().AnyAsync(d => blobs.Select(b => b.AbsoluteUri).Contains(d.MediaLink)));
        foreach (var blob in blobs)
            Assert.Equal(!deleteVhds, (await Get<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Blobs_another_image_still_uses_are_kept_and_the_delete_still_succeeds()
    {
        var first = await AddVmImageAsync("first", luns: [0]);
        var shared = await Registration.RegisterVmImageAsync(new RegisterVmImageRequest("second", null,
            new OsDiskRegistration(first.OsDiskConfiguration!.MediaLink, "Linux", "Specialized"),
            [new DataDiskRegistration(first.DataDiskConfigurations![0].MediaLink, 0)]), "tests");
        Assert.True(shared.Succeeded, shared.Error?.Message);

        var deleteFirst = await Service.PurgeAsync("first", deleteVhds: true, "tests");
        var done = await this.WaitForOperationAsync(deleteFirst.Ok().Id);

        Assert.Equal(OperationStatus.Succeeded, done.Status);
        var outcomes = JsonSerializer.Deserialize<PurgeImageHandler.State>(done.State!, JsonSerializerOptions.Web)!.Outcomes;
        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.Equal(DiskDeletionOutcome.StillReferenced, o));
        foreach (var blob in Blobs(first)) Assert.True((await Get<DiskStore>().ValidateAsync(blob)).IsValid);

        var deleteSecond = await Service.PurgeAsync("second", deleteVhds: true, "tests");
        await this.WaitForSuccessAsync(deleteSecond.Ok().Id);
        foreach (var blob in Blobs(first)) Assert.False((await Get<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_blob_a_disk_uses_is_kept()
    {
        var image = await AddVmImageAsync("disk-shared");
        var os = new Uri(image.OsDiskConfiguration!.MediaLink);
        // A disk made from the blob after the image was registered (registration itself refuses a disk's blob).
        await using (var db = Db())
        {
            db.Disks.Add(new Disk { Name = "adopted", MediaLink = os.AbsoluteUri, LogicalSizeInGb = 1, Os = OsType.Linux });
            await db.SaveChangesAsync();
        }

        var delete = await Service.PurgeAsync("disk-shared", deleteVhds: true, "tests");

        await this.WaitForSuccessAsync(delete.Ok().Id);
        Assert.True((await Get<DiskStore>().Resolve(os).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task An_image_a_capture_or_deploy_is_using_is_ImageInUse_and_nothing_is_queued()
    {
        await AddVmImageAsync("busy");
        await AddInProgressOperationAsync("CaptureVmImage", "BUSY");
        var operationsBefore = await CountOperationsAsync();

        var result = await Service.DeleteAsync("busy", deleteVhds: true, "tests");
        var purge = await Service.PurgeAsync("busy", deleteVhds: true, "tests");

        Assert.Equal(ErrorCodes.ImageInUse, result.Error?.Code);
        Assert.Contains("CaptureVmImage", result.Error!.Message);
        Assert.Equal(ErrorCodes.ImageInUse, purge.Error?.Code);
        Assert.Equal(operationsBefore, await CountOperationsAsync());
        Assert.True((await Queries.GetAsync("busy")).Succeeded);
    }

    [Fact]
    public async Task An_image_still_Capturing_is_in_use_a_public_image_is_Forbidden_and_an_unknown_one_NotFound()
    {
        await AddCapturingImageAsync("not-yet");

        Assert.Equal(ErrorCodes.ImageInUse, (await Service.DeleteAsync("not-yet", false, "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await Service.DeleteAsync("Ubuntu-Server-14.04-LTS", false, "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await Service.DeleteAsync("never-was", false, "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.ImageInUse, (await Service.PurgeAsync("not-yet", false, "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.Forbidden, (await Service.PurgeAsync("Ubuntu-Server-14.04-LTS", false, "tests")).Error?.Code);
    }

    [Fact]
    public async Task A_purge_interrupted_after_the_row_went_finishes_the_blobs_it_recorded()
    {
        var image = await AddVmImageAsync("half-deleted", luns: [1]);
        var blobs = Blobs(image);
        await using (var db = Db())
        {
            await db.Images.Where(i => i.Name == "half-deleted").ExecuteDeleteAsync();
            // As a crashed portal leaves it: state saved, row gone, no blob deleted yet, lease lapsed.
            db.Operations.Add(new Operation
            {
                Id = Guid.NewGuid(), Kind = OperationKinds.PurgeImage, Target = "images/half-deleted", Status = OperationStatus.InProgress,
                ImageName = "half-deleted", Attempts = 1, CreatedTime = DateTimeOffset.UtcNow,
                Payload = JsonSerializer.Serialize(new PurgeImageHandler.Payload(0, "half-deleted", true), JsonSerializerOptions.Web),
                State = JsonSerializer.Serialize(new PurgeImageHandler.State(blobs.Select(b => b.AbsoluteUri).ToList(),
                    new Dictionary<string, DiskDeletionOutcome>()), JsonSerializerOptions.Web),
            });
            await db.SaveChangesAsync();
        }
        Get<Operations.OperationQueue>().Wake();

        var operationId = await OperationWaits.WaitUntilAsync(async () =>
        {
            await using var db = Db();
            return await db.Operations.Where(o => o.Target == "images/half-deleted" && o.Status != OperationStatus.InProgress).Select(o => (Guid?)o.Id).FirstOrDefaultAsync();
        }, id => id is not null, "the resumed purge");

        await this.WaitForSuccessAsync(operationId!.Value);
        foreach (var blob in blobs) Assert.False((await Get<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
    }

    private static List<Uri> Blobs(ImageView image) =>
        [new Uri(image.OsDiskConfiguration!.MediaLink), .. image.DataDiskConfigurations!.Select(d => new Uri(d.MediaLink))];

    private async Task AddInProgressOperationAsync(string kind, string imageName)
    {
        await using var db = Db();
        // Held by another portal instance, so this one's worker leaves it alone.
        db.Operations.Add(new Operation
        {
            Id = Guid.NewGuid(), Kind = kind, Target = $"images/{imageName}", Status = OperationStatus.InProgress, ImageName = imageName,
            LeaseOwner = "elsewhere", LeaseExpires = DateTimeOffset.UtcNow.AddHours(1), CreatedTime = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task<int> CountOperationsAsync()
    {
        await using var db = Db();
        return await db.Operations.CountAsync();
    }
}
