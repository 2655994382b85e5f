using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// Deletion safety: a protected image refuses deletion and purging; a deleted image waits in the recycle bin — blobs kept, name
/// taken, hidden from lists, refused for deploys — until it is restored, purged by hand, or purged by the portal at its purge time.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class RecycleBinTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    /// <summary>On purpose: the VHDs a purge was asked to keep.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } = new HashSet<StorageProblemKind> { StorageProblemKind.OrphanBlob };

    [Fact]
    public async Task A_deleted_image_waits_in_the_recycle_bin_with_its_blobs_and_name_hidden_from_lists_and_refused_for_deploys()
    {
        var image = await AddVmImageAsync("binned", luns: [0]);

        var delete = await Service.DeleteAsync("BINNED", deleteVhds: true, "ops@contoso");
        Assert.Equal((OperationKinds.DeleteImage, "images/binned"), (delete.Ok().Kind, delete.Ok().Target));
        await this.WaitForSuccessAsync(delete.Ok().Id);

        var binned = (await Queries.GetAsync("binned")).Ok();
        Assert.NotNull(binned.DeletedTime);
        Assert.Equal(binned.DeletedTime!.Value.AddDays(7), binned.PurgeAt);
        Assert.InRange(binned.DeletedTime.Value, TestClock.Noon, Clock.GetUtcNow());
        foreach (var blob in Blobs(image)) Assert.True((await Get<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
        Assert.DoesNotContain("binned", await NamesAsync(new ImageListQuery()));
        Assert.Equal(["binned"], await NamesAsync(new ImageListQuery(Deleted: true)));

        var again = await Service.DeleteAsync("binned", deleteVhds: false, "tests");
        Assert.Equal(ErrorCodes.ImageDeleted, again.Error?.Code);
        var sameName = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("Binned",
            MediaLink: (await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true)).AbsoluteUri, Os: "Linux"), "tests");
        Assert.Equal(ErrorCodes.ImageNameConflict, sameName.Error?.Code);
        var deploy = await Get<DeployService>().DeployAsync("bin-svc", new DeployRequest("vm1", "binned", "Small", "West US"), "tests");
        Assert.Equal(ErrorCodes.ImageDeleted, deploy.Error?.Code);
        Assert.Contains("recycle bin", deploy.Error!.Message);
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "bin-svc"));
    }

    [Fact]
    public async Task A_restored_image_is_back_in_the_gallery_as_it_was()
    {
        var image = await AddVmImageAsync("comeback");
        await this.WaitForSuccessAsync((await Service.DeleteAsync("comeback", deleteVhds: true, "tests")).Ok().Id);

        var restored = await Service.RestoreAsync("COMEBACK", "ops@contoso");

        Assert.Null(restored.Ok().DeletedTime);
        Assert.Null(restored.Ok().PurgeAt);
        Assert.Equal(image.OsDiskConfiguration!.MediaLink, restored.Ok().OsDiskConfiguration!.MediaLink);
        Assert.Contains("comeback", await NamesAsync(new ImageListQuery()));
        Assert.DoesNotContain("comeback", await NamesAsync(new ImageListQuery(Deleted: true)));
        await using var db = Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "RestoreImage" && e.Resource == "images/comeback" && e.UserName == "ops@contoso"));
        // A later purge keeps the blobs: the restore forgot what the delete asked for.
        var purge = await Service.PurgeAsync("comeback", deleteVhds: null, "tests");
        await this.WaitForSuccessAsync(purge.Ok().Id);
        Assert.True((await Get<DiskStore>().Resolve(new Uri(image.OsDiskConfiguration.MediaLink)).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_protected_image_refuses_deletion_and_purging_until_its_protection_is_cleared()
    {
        await AddVmImageAsync("guarded");
        Assert.True((await Service.UpdateAsync("guarded", new ImageUpdate(Protected: true), "tests")).Ok().Protected);
        var operationsBefore = await CountOperationsAsync();

        var delete = await Service.DeleteAsync("guarded", deleteVhds: true, "tests");
        var purge = await Service.PurgeAsync("guarded", deleteVhds: true, "tests");

        Assert.Equal(ErrorCodes.ImageProtected, delete.Error?.Code);
        Assert.Equal(ErrorCodes.ImageProtected, purge.Error?.Code);
        Assert.Equal(operationsBefore, await CountOperationsAsync());
        Assert.Null((await Queries.GetAsync("guarded")).Ok().DeletedTime);

        Assert.False((await Service.UpdateAsync("guarded", new ImageUpdate(Protected: false), "tests")).Ok().Protected);
        await this.WaitForSuccessAsync((await Service.DeleteAsync("guarded", deleteVhds: false, "tests")).Ok().Id);
        Assert.NotNull((await Queries.GetAsync("guarded")).Ok().DeletedTime);
    }

    [Fact]
    public async Task An_image_in_the_bin_cannot_be_changed_and_a_purge_by_hand_deletes_the_blobs_the_delete_asked_for()
    {
        var image = await AddVmImageAsync("purge-now", luns: [2]);
        await this.WaitForSuccessAsync((await Service.DeleteAsync("purge-now", deleteVhds: true, "tests")).Ok().Id);

        var update = await Service.UpdateAsync("purge-now", new ImageUpdate(Label: "Changed"), "tests");
        Assert.Equal(ErrorCodes.ImageDeleted, update.Error?.Code);

        var purge = await Service.PurgeAsync("purge-now", deleteVhds: null, "tests");
        Assert.Equal(OperationKinds.PurgeImage, purge.Ok().Kind);
        await this.WaitForSuccessAsync(purge.Ok().Id);
        Assert.Equal(ErrorCodes.NotFound, (await Queries.GetAsync("purge-now")).Error?.Code);
        foreach (var blob in Blobs(image)) Assert.False((await Get<DiskStore>().Resolve(blob).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_portal_purges_the_bin_by_itself_at_purgeAt_and_not_before()
    {
        var image = await AddVmImageAsync("expiring");
        var kept = await AddVmImageAsync("expiring-later");
        await this.WaitForSuccessAsync((await Service.DeleteAsync("expiring", deleteVhds: true, "tests")).Ok().Id);
        Clock.Advance(TimeSpan.FromDays(3));
        await this.WaitForSuccessAsync((await Service.DeleteAsync("expiring-later", deleteVhds: true, "tests")).Ok().Id);

        Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(23));
        Assert.Equal(0, await Get<RecycleBinPurger>().PurgeDueAsync(TestContext.Current.CancellationToken));
        Clock.Advance(TimeSpan.FromHours(1) + RecycleBinPurger.RoundLength);

        // The row goes first and the blobs after it, so the purge is over when its operation is, not when the row is gone.
        var purge = await OperationWaits.WaitUntilAsync(PurgeOfExpiringAsync, p => p?.Status is OperationStatus.Succeeded or OperationStatus.Failed,
            "the purger to purge 'expiring'");
        Assert.Equal(("portal", OperationStatus.Succeeded), (purge!.RequestedBy, purge.Status));
        Assert.Equal(ErrorCodes.NotFound, (await Queries.GetAsync("expiring")).Error?.Code);
        Assert.False((await Get<DiskStore>().Resolve(new Uri(image.OsDiskConfiguration!.MediaLink)).Blob.ExistsAsync()).Value);
        Assert.NotNull((await Queries.GetAsync("expiring-later")).Ok().DeletedTime);
        Assert.True((await Get<DiskStore>().Resolve(new Uri(kept.OsDiskConfiguration!.MediaLink)).Blob.ExistsAsync()).Value);
    }

    private async Task<Operation?> PurgeOfExpiringAsync()
    {
        await using var db = Db();
        return await db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.Kind == OperationKinds.PurgeImage && o.Target == "images/expiring");
    }

    private async Task<List<string>> NamesAsync(ImageListQuery query) =>
        (await Queries.ListAsync(query, 0, 1000)).Ok().Items.Where(i => i.Category == ImageCategory.User).Select(i => i.Name).ToList();

    private static List<Uri> Blobs(ImageView image) =>
        [new Uri(image.OsDiskConfiguration!.MediaLink), .. image.DataDiskConfigurations!.Select(d => new Uri(d.MediaLink))];

    private async Task<int> CountOperationsAsync()
    {
        await using var db = Db();
        return await db.Operations.CountAsync();
    }
}
