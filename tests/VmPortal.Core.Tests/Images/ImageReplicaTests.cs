using Azure.Core;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// Replicas (API.md): an image's disks copied server-side into other locations' accounts, all-or-nothing per location; a deploy
/// there uses them (R19, R20); removing one never touches the image's own location; R17 holds for their blobs.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageReplicaTests(AzuriteFixture azurite) : ReplicaHost(azurite)
{
    [Fact]
    public async Task Replicated_to_two_locations_it_deploys_in_each_from_that_locations_own_blobs()
    {
        var image = await AddVmImageAsync("rep-two", luns: [0]);
        var sourceData = new Uri(image.DataDiskConfigurations![0].MediaLink);

        var queued = await Replicas.ReplicateAsync("REP-TWO", [North, "west europe"], "tests");

        Assert.Equal((OperationKinds.ReplicateImage, "images/rep-two"), (queued.Ok().Kind, queued.Ok().Target));
        await this.WaitForSuccessAsync(queued.Ok().Id);
        var shown = (await Queries.GetAsync("rep-two")).Ok();
        Assert.Equal(["West US", North, WestEurope], shown.Replicas!.Select(r => r.Location));
        Assert.All(shown.Replicas!, r => Assert.Equal((ReplicaState.Ready, 100, null), (r.State, r.Progress, r.Error)));
        // The image itself still shows its own location's disks.
        Assert.Equal(image.OsDiskConfiguration!.MediaLink, shown.OsDiskConfiguration!.MediaLink);
        Assert.Equal("West US", Assert.Single(shown.Locations));

        foreach (var (location, account) in new[] { (North, NorthAccount), (WestEurope, WestEuropeAccount) })
        {
            // R7 names in that location's account: the image's name and its date.
            var date = image.CreatedTime.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([$"rep-two-datadisk-0-{date}.vhd", $"rep-two-os-{date}.vhd"], (await BlobsAsync(account, "rep-two-")).Order());

            var service = "rep-" + account.Name;
            var deploy = await Get<DeployService>().DeployAsync(service, new DeployRequest("vm1", "rep-two", "Medium", location), "tests");
            await this.WaitForSuccessAsync(deploy.Ok().Id);
            await using var db = Db();
            var vm = await db.VirtualMachines.Include(v => v.Disks).Include(v => v.CloudService).SingleAsync(v => v.CloudService!.Name == service);
            Assert.Equal(location, vm.CloudService!.Location);
            Assert.Equal(2, vm.Disks.Count);
            Assert.All(vm.Disks, d => Assert.Equal(account.Name, Get<DiskStore>().Resolve(new Uri(d.MediaLink)).Account.Name));
            // The replica holds the image's data, and the VM's disk was copied from it. (The VM's own disk is compared by its copy
            // source, not its content: the running VM's guest agent writes heartbeats into every disk it has.)
            var replicaData = new Uri((await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "rep-two")).Disks
                .Single(d => d.Location == location && d.Lun == 0).MediaLink);
            Assert.Equal(await Get<DiskStore>().ComputeContentHashAsync(sourceData), await Get<DiskStore>().ComputeContentHashAsync(replicaData));
            var data = Get<DiskStore>().Resolve(new Uri(vm.Disks.Single(d => d.Lun == 0).MediaLink)).Blob;
            Assert.Equal(replicaData.AbsolutePath, (await data.GetPropertiesAsync()).Value.CopySource.AbsolutePath);
        }
        Assert.Empty((await Get<StorageHealthCheck>().CheckAsync()).Problems);
    }

    [Fact]
    public async Task A_location_that_has_one_is_ReplicaExists_and_bad_locations_are_refused_before_anything_is_queued()
    {
        await AddVmImageAsync("rep-exists");
        await this.WaitForSuccessAsync((await Replicas.ReplicateAsync("rep-exists", ["East US"], "tests")).Ok().Id);

        var again = await Replicas.ReplicateAsync("rep-exists", [North, "East US"], "tests");
        var own = await Replicas.ReplicateAsync("rep-exists", ["West US"], "tests");
        var publicImage = await Replicas.ReplicateAsync("Ubuntu-Server-14.04-LTS", [North], "tests");
        var nowhere = await Replicas.ReplicateAsync("rep-exists", ["East Asia"], "tests");
        var twice = await Replicas.ReplicateAsync("rep-exists", [North, "north europe"], "tests");
        var none = await Replicas.ReplicateAsync("rep-exists", [], "tests");

        Assert.Equal((ErrorCodes.ReplicaExists, "locations[1]"), (again.Error?.Code, again.Error?.Field));
        Assert.Contains("East US", again.Error!.Message);
        Assert.Equal(ErrorCodes.ReplicaExists, own.Error?.Code);
        Assert.Contains("own location", own.Error!.Message);
        Assert.Equal(ErrorCodes.ReplicaExists, publicImage.Error?.Code);
        Assert.Contains("every location", publicImage.Error!.Message);
        Assert.Equal((ErrorCodes.ValidationFailed, "locations[0]"), (nowhere.Error?.Code, nowhere.Error?.Field));
        Assert.Contains("No storage account serves East Asia", nowhere.Error!.Message);
        Assert.Equal((ErrorCodes.ValidationFailed, "locations[1]"), (twice.Error?.Code, twice.Error?.Field));
        Assert.Equal(ErrorCodes.ValidationFailed, none.Error?.Code);
        await using var db = Db();
        Assert.Equal(1, await db.Operations.CountAsync(o => o.ImageName == "rep-exists"));
        Assert.Empty(await db.Set<ImageReplica>().Where(r => db.Images.Any(i => i.Id == r.ImageId && i.Name == "rep-exists")).ToListAsync());
    }

    [Fact]
    public async Task A_location_whose_copy_fails_keeps_no_blob_and_shows_why_while_the_other_becomes_Ready()
    {
        await AddVmImageAsync("rep-fail", luns: [0, 1]);
        var north = NorthAccount.Name;
        // Every copy into North Europe's account fails, after the client's retries.
        Faults.Storage.When(c => c.Method == RequestMethod.Put && c.Header("x-ms-copy-source") is not null && c.Path.StartsWith($"/{north}/", StringComparison.Ordinal))
            .Then(new StorageFaults.Fault.Answer(500, "InternalError"));

        var queued = await Replicas.ReplicateAsync("rep-fail", [North, WestEurope], "tests");
        var done = await this.WaitForOperationAsync(queued.Ok().Id);
        Faults.Storage.Clear();

        Assert.Equal((OperationStatus.Failed, ErrorCodes.StorageFailed), (done.Status, done.ErrorCode));
        Assert.Contains($"Ready replica in {WestEurope}", done.ErrorMessage);
        Assert.Contains($"failed in {North}", done.ErrorMessage);
        var replicas = (await Queries.GetAsync("rep-fail")).Ok().Replicas!;
        var failed = Assert.Single(replicas, r => r.Location == North);
        Assert.Equal(ReplicaState.Failed, failed.State);
        Assert.Contains("500", failed.Error);
        Assert.Equal(ReplicaState.Ready, Assert.Single(replicas, r => r.Location == WestEurope).State);
        Assert.Empty(await BlobsAsync(NorthAccount, "rep-fail-"));
        Assert.Equal(3, (await BlobsAsync(WestEuropeAccount, "rep-fail-")).Count);
        var deploy = await Get<DeployService>().DeployAsync("rep-fail-north", new DeployRequest("vm1", "rep-fail", "Large", North), "tests");
        Assert.Equal(ErrorCodes.LocationMismatch, deploy.Error?.Code);
        Assert.Contains($"West US or {WestEurope}", deploy.Error!.Message);

        // A failed replica is tried again by replicating to its location again.
        await this.WaitForSuccessAsync((await Replicas.ReplicateAsync("rep-fail", [North], "tests")).Ok().Id);
        Assert.All((await Queries.GetAsync("rep-fail")).Ok().Replicas!, r => Assert.Equal(ReplicaState.Ready, r.State));
        Assert.Empty((await Get<StorageHealthCheck>().CheckAsync()).Problems);
    }

    [Fact]
    public async Task Replicating_requested_in_Chinese_is_refused_and_reports_its_steps_and_failure_in_Chinese()
    {
        await AddVmImageAsync("rep-zh", luns: [0]);
        var north = NorthAccount.Name;
        Faults.Storage.When(c => c.Method == RequestMethod.Put && c.Header("x-ms-copy-source") is not null && c.Path.StartsWith($"/{north}/", StringComparison.Ordinal))
            .Then(new StorageFaults.Fault.Answer(500, "InternalError"));

        Guid id;
        using (InCulture.Chinese())
        {
            var own = await Replicas.ReplicateAsync("rep-zh", ["West US"], "tests");
            Assert.Equal((ErrorCodes.ReplicaExists, "locations[0]"), (own.Error?.Code, own.Error!.Field));
            Assert.Contains("自身所在的位置", own.Error.Message);
            id = (await Replicas.ReplicateAsync("rep-zh", [North, WestEurope], "tests")).Ok().Id;
        }
        var done = await this.WaitForOperationAsync(id);
        Faults.Storage.Clear();

        Assert.Equal((OperationStatus.Failed, ErrorCodes.StorageFailed), (done.Status, done.ErrorCode));
        // The locations are named as a Chinese reader knows them, never by their English codes.
        Assert.Contains("在西欧已有就绪的副本", done.ErrorMessage);
        Assert.Contains("复制失败：北欧：", done.ErrorMessage);
        Assert.Contains(done.Steps, s => s.Name == "正在将 2 个磁盘复制到西欧");
        Assert.Contains(done.Disks, d => d.Disk == "西欧 · 数据磁盘 LUN 0");
        string[] written = [done.ErrorMessage!, .. done.Steps.Select(s => s.Name), .. done.Disks.Select(d => d.Disk)];
        Assert.All(written, text => Assert.DoesNotContain(Locations.All, l => text.Contains(l, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("存储服务返回了 500", Assert.Single((await Queries.GetAsync("rep-zh")).Ok().Replicas!, r => r.Location == North).Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Removing_a_replica_takes_it_out_of_the_catalogue_and_its_blobs_only_when_asked(bool deleteVhds)
    {
        var image = await AddVmImageAsync("rep-rm-" + deleteVhds.ToString().ToLowerInvariant(), luns: [0]);
        await this.WaitForSuccessAsync((await Replicas.ReplicateAsync(image.Name, [North], "tests")).Ok().Id);
        var blobs = await BlobsAsync(NorthAccount, image.Name + "-");
        Assert.Equal(2, blobs.Count);

        var own = await Replicas.RemoveAsync(image.Name, "West US", deleteVhds, "tests");
        var removed = await Replicas.RemoveAsync(image.Name, North, deleteVhds, "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, "location"), (own.Error?.Code, own.Error?.Field));
        Assert.Contains("own location", own.Error!.Message);
        Assert.Equal(OperationKinds.RemoveImageReplica, removed.Ok().Kind);
        await this.WaitForSuccessAsync(removed.Ok().Id);
        var shown = (await Queries.GetAsync(image.Name)).Ok();
        Assert.Equal("West US", Assert.Single(shown.Replicas!).Location);
        Assert.Equal(deleteVhds ? 0 : 2, (await BlobsAsync(NorthAccount, image.Name + "-")).Count);
        Assert.True((await Get<DiskStore>().ValidateAsync(new Uri(image.OsDiskConfiguration!.MediaLink))).IsValid);
        Assert.Equal(ErrorCodes.NotFound, (await Replicas.RemoveAsync(image.Name, North, deleteVhds, "tests")).Error?.Code);
        if (!deleteVhds)
        {
            // Kept on request: nothing refers to them any more, so the health check lists them as orphans.
            var orphans = (await Get<StorageHealthCheck>().CheckAsync()).Problems.Where(p => p.Kind == StorageProblemKind.OrphanBlob).ToList();
            Assert.Equal(2, orphans.Count(p => p.Blob!.Contains($"/{NorthAccount.Name}/vhds/{image.Name}-", StringComparison.Ordinal)));
            foreach (var blob in blobs) await NorthAccount.Vhds.DeleteBlobAsync(blob);
        }
    }

    [Fact]
    public async Task Purging_an_image_with_its_VHDs_removes_its_replicas_blobs_too_but_never_one_something_else_uses()
    {
        var image = await AddVmImageAsync("rep-purge", luns: [0]);
        await this.WaitForSuccessAsync((await Replicas.ReplicateAsync("rep-purge", [North, WestEurope], "tests")).Ok().Id);
        int imageId;
        string northOs;
        await using (var before = Db())
        {
            imageId = await before.Images.Where(i => i.Name == "rep-purge").Select(i => i.Id).SingleAsync();
            northOs = (await before.Set<ImageDisk>().SingleAsync(d => d.ImageId == imageId && d.Location == North && d.Lun == null)).MediaLink;
        }
        // Another image registered on the North Europe replica's OS blob keeps that blob.
        var other = await Registration.RegisterVmImageAsync(new RegisterVmImageRequest("rep-purge-other", null,
            new OsDiskRegistration(northOs, "Linux", "Specialized"), []), "tests");
        Assert.True(other.Succeeded, other.Error?.Message);

        await this.WaitForSuccessAsync((await Service.PurgeAsync("rep-purge", deleteVhds: true, "tests")).Ok().Id);

        Assert.Equal(["rep-purge-os-" + image.CreatedTime.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".vhd"],
            await BlobsAsync(NorthAccount, "rep-purge-"));
        Assert.Empty(await BlobsAsync(WestEuropeAccount, "rep-purge-"));
        Assert.Empty(await BlobsAsync(West, "rep-purge-"));
        await using var db = Db();
        Assert.Empty(await db.Set<ImageReplica>().Where(r => r.ImageId == imageId).ToListAsync());
        await this.WaitForSuccessAsync((await Service.PurgeAsync("rep-purge-other", deleteVhds: true, "tests")).Ok().Id);
        Assert.Empty(await BlobsAsync(NorthAccount, "rep-purge-"));
    }

    [Fact]
    public async Task While_it_replicates_the_image_cannot_be_deleted_and_shows_its_progress()
    {
        await AddVmImageAsync("rep-busy", luns: [0]);
        var release = new TaskCompletionSource();
        // The data disk's copy into North Europe waits; the OS disk's goes through.
        var held = Faults.Storage.When(c => c.Method == RequestMethod.Put && c.Header("x-ms-copy-source") is not null
                                            && c.Path.Contains("/vhds/rep-busy-datadisk", StringComparison.Ordinal))
            .Then(new StorageFaults.Fault.Hold(release.Task));

        var queued = await Replicas.ReplicateAsync("rep-busy", [North], "tests");
        await held.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var replica = await OperationWaits.WaitUntilAsync(async () => Assert.Single((await Queries.GetAsync("rep-busy")).Ok().Replicas!, r => r.Location == North),
            r => r.Progress == 50, "the OS disk's copy counted");
        var delete = await Service.DeleteAsync("rep-busy", deleteVhds: true, "tests");
        var purge = await Service.PurgeAsync("rep-busy", deleteVhds: true, "tests");
        var remove = await Replicas.RemoveAsync("rep-busy", North, deleteVhds: true, "tests");
        var again = await Replicas.ReplicateAsync("rep-busy", [North], "tests");
        release.SetResult();

        Assert.Equal(ReplicaState.Replicating, replica.State);
        Assert.Equal(ErrorCodes.ImageInUse, delete.Error?.Code);
        Assert.Contains(OperationKinds.ReplicateImage, delete.Error!.Message);
        Assert.Equal(ErrorCodes.ImageInUse, purge.Error?.Code);
        Assert.Equal(ErrorCodes.ImageInUse, remove.Error?.Code);
        Assert.Equal(ErrorCodes.ImageInUse, again.Error?.Code);
        await this.WaitForSuccessAsync(queued.Ok().Id);
        Faults.Storage.Clear();
    }

    [Fact]
    public async Task A_family_latest_in_a_location_counts_a_replica_there()
    {
        await AddVmImageAsync("rep-fam-1", family: "Rep-Fam", version: "1.0.0");
        Assert.Equal(ErrorCodes.NotFound, (await Get<ImageFamilies>().LatestAsync("Rep-Fam", North)).Error?.Code);

        await this.WaitForSuccessAsync((await Replicas.ReplicateAsync("rep-fam-1", [North], "tests")).Ok().Id);

        Assert.Equal("rep-fam-1", (await Get<ImageFamilies>().LatestAsync("Rep-Fam", North)).Ok().Name);
        var listed = (await Queries.ListAsync(new ImageListQuery(Location: North, Family: "Rep-Fam"), null, null)).Ok();
        Assert.Equal("rep-fam-1", Assert.Single(listed.Items).Name);
    }
}
