using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

[Collection(typeof(AzuriteCollection))]
public sealed class DiskCopyTests(AzuriteFixture azurite) : DiskStoreTestBase(azurite)
{
    [Fact]
    public async Task A_capture_copy_takes_the_plain_R7_name_when_it_is_free()
    {
        var image = UniqueName();
        var source = await NewDiskAsync();

        var copy = await Store.CopyAsync(source, Primary, BlobNames.ImageOsDisk(image, CaptureTime));

        Assert.Equal($"{image}-os-2026-11-25.vhd", copy.BlobName);
        Assert.Equal(Primary.Vhds.GetBlobClient(copy.BlobName).Uri, copy.Uri);
    }

    [Fact]
    public async Task A_taken_name_gets_01_and_the_existing_blob_is_left_alone()
    {
        var image = UniqueName();
        var baseName = BlobNames.ImageDataDisk(image, 3, CaptureTime);
        var existing = await Store.CreateEmptyDiskAsync(Primary, BlobNames.Candidate(baseName, 0), 2);
        var source = await NewDiskAsync();

        var copy = await Store.CopyAsync(source, Primary, baseName);

        Assert.Equal($"{image}-datadisk-3-2026-11-25-01.vhd", copy.BlobName);
        Assert.Equal(2 * GiB + 512, (await Blob(existing).GetPropertiesAsync()).Value.ContentLength);
    }

    [Fact]
    public async Task After_99_taken_names_the_next_copy_is_named_100()
    {
        var baseName = BlobNames.ImageOsDisk(UniqueName(), CaptureTime);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(n =>
            Primary.Vhds.GetBlobClient(BlobNames.Candidate(baseName, n)).UploadAsync(BinaryData.FromString("taken"))));
        var source = await NewDiskAsync();

        var copy = await Store.CopyAsync(source, Primary, baseName);

        Assert.Equal($"{baseName}-100.vhd", copy.BlobName);
    }

    [Fact]
    public async Task Twenty_copies_racing_for_one_name_get_twenty_blobs_and_none_overwrites_another()
    {
        var baseName = BlobNames.ImageOsDisk(UniqueName(), CaptureTime);
        var sources = new List<Uri>();
        for (var i = 0; i < 20; i++)
        {
            var disk = await NewDiskAsync();
            await Store.WriteHeartbeatAsync(disk, new Heartbeat((ulong)i, CaptureTime));
            sources.Add(disk);
        }

        var copies = await Task.WhenAll(sources.Select(s => Store.CopyAsync(s, Primary, baseName)));

        Assert.Equal(20, copies.Select(c => c.BlobName).Distinct().Count());
        for (var i = 0; i < 20; i++)
            Assert.Equal((ulong)i, (await Store.ReadHeartbeatAsync(copies[i].Uri)).Value!.Sequence);
    }

    [Fact]
    public async Task A_copy_of_a_sparse_1023_GB_disk_keeps_its_size_and_page_ranges_and_verifies()
    {
        var source = await NewDiskAsync(1023);
        await Store.WriteGuestRecordAsync(source, new GuestRecord { Os = OsType.Windows, ComputerName = "big", Provisioned = true });
        foreach (var at in new[] { 1 * GiB, 500 * GiB, 1022 * GiB })
            await WritePageAsync(source, at, RandomBytes(4 * (int)MiB));

        var copy = await Store.CopyAsync(source, Primary, UniqueName());

        Assert.Equal(1023 * GiB + 512, (await Blob(copy.Uri).GetPropertiesAsync()).Value.ContentLength);
        Assert.Equal(await Store.GetAllocatedRangesAsync(source), await Store.GetAllocatedRangesAsync(copy.Uri));
        var verification = await Store.VerifyCopyAsync(source, copy.Uri);
        Assert.True(verification.IsVerified, verification.ToString());
    }

    [Fact]
    public async Task A_copy_from_a_snapshot_holds_the_disk_as_it_was_when_snapshotted()
    {
        var disk = await NewDiskAsync();
        await Store.WriteHeartbeatAsync(disk, new Heartbeat(1, CaptureTime));
        var snapshot = await Store.SnapshotAsync(disk);
        await Store.WriteHeartbeatAsync(disk, new Heartbeat(2, CaptureTime.AddSeconds(5)));

        var copy = await Store.CopyAsync(snapshot, Primary, UniqueName());

        Assert.Equal(1ul, (await Store.ReadHeartbeatAsync(copy.Uri)).Value!.Sequence);
        Assert.True((await Store.VerifyCopyAsync(snapshot, copy.Uri)).IsVerified);
    }

    [Fact]
    public async Task A_disk_in_another_account_is_copied_into_the_destination_account()
    {
        var source = await Store.CreateEmptyDiskAsync(Secondary, UniqueName("disk") + ".vhd", 1);
        await Store.WriteHeartbeatAsync(source, new Heartbeat(7, CaptureTime));

        var copy = await Store.CopyAsync(source, Primary, UniqueName());

        Assert.Equal(Primary.Name, Store.Resolve(copy.Uri).Account.Name);
        Assert.Equal(7ul, (await Store.ReadHeartbeatAsync(copy.Uri)).Value!.Sequence);
    }

    [Fact]
    public async Task Verification_names_a_changed_page_range_and_a_different_guest_record()
    {
        var source = await NewDiskAsync(4);
        await Store.WriteGuestRecordAsync(source, GuestRecord.GeneralizedImage(OsType.Linux));
        var copy = (await Store.CopyAsync(source, Primary, UniqueName())).Uri;

        await WritePageAsync(copy, 2 * GiB, RandomBytes(512));
        await Store.WriteGuestRecordAsync(copy, GuestRecord.GeneralizedImage(OsType.Linux) with { ComputerName = "tampered" });

        var verification = await Store.VerifyCopyAsync(source, copy);
        Assert.Equal([CopyMismatchKind.PageRangesDiffer, CopyMismatchKind.GuestRecordDiffers], verification.Mismatches.Select(m => m.Kind));
        Assert.Contains($"{2 * GiB}", verification.Mismatches[0].Message);
    }

    [Fact]
    public async Task Verification_of_a_blob_that_is_no_copy_names_status_and_size()
    {
        var source = await NewDiskAsync(1);
        var other = await NewDiskAsync(2);

        var verification = await Store.VerifyCopyAsync(source, other);

        Assert.Equal([CopyMismatchKind.CopyNotSucceeded, CopyMismatchKind.SizeDiffers, CopyMismatchKind.PageRangesDiffer],
            verification.Mismatches.Select(m => m.Kind));
    }

    [Fact]
    public async Task Writing_a_copy_leaves_its_source_as_it_was_and_writing_the_source_leaves_the_copy()
    {
        var source = await NewDiskAsync(2);
        await Store.WriteHeartbeatAsync(source, new Heartbeat(1, CaptureTime));
        var sourceRanges = await Store.GetAllocatedRangesAsync(source);
        var copy = (await Store.CopyAsync(source, Primary, UniqueName())).Uri;

        await Store.WriteHeartbeatAsync(copy, new Heartbeat(2, CaptureTime));
        await WritePageAsync(copy, GiB, RandomBytes(512));
        await Store.WriteHeartbeatAsync(source, new Heartbeat(3, CaptureTime));

        Assert.Equal(sourceRanges, await Store.GetAllocatedRangesAsync(source));
        Assert.Equal(3ul, (await Store.ReadHeartbeatAsync(source)).Value!.Sequence);
        Assert.Equal(2ul, (await Store.ReadHeartbeatAsync(copy)).Value!.Sequence);
    }

    [Fact]
    public async Task Copies_of_one_disk_made_at_the_same_moment_are_independent_disks()
    {
        var source = await NewDiskAsync();

        var copies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Store.CopyAsync(source, Primary, UniqueName())));
        await Task.WhenAll(copies.Select((c, i) => Store.WriteHeartbeatAsync(c.Uri, new Heartbeat((ulong)i + 10, CaptureTime))));

        var sequences = await Task.WhenAll(copies.Select(async c => (await Store.ReadHeartbeatAsync(c.Uri)).Value!.Sequence));
        Assert.Equal(Enumerable.Range(10, 8).Select(i => (ulong)i), sequences);
        Assert.Equal(SectorState.Absent, (await Store.ReadHeartbeatAsync(source)).State);
    }

    [Fact]
    public async Task Copies_of_one_disk_made_at_the_same_moment_by_two_portal_instances_are_independent_disks()
    {
        var source = await NewDiskAsync();
        // Two instances: two stores that share nothing but storage.
        var other = new DiskStore(new BlobAccounts([Primary, Secondary], embedded: false));

        var copies = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? Store : other).CopyAsync(source, Primary, UniqueName())));
        await Task.WhenAll(copies.Select((c, i) => Store.WriteHeartbeatAsync(c.Uri, new Heartbeat((ulong)i + 10, CaptureTime))));

        var sequences = await Task.WhenAll(copies.Select(async c => (await Store.ReadHeartbeatAsync(c.Uri)).Value!.Sequence));
        Assert.Equal(Enumerable.Range(10, 16).Select(i => (ulong)i), sequences);
        Assert.Equal(SectorState.Absent, (await Store.ReadHeartbeatAsync(source)).State);
    }

    [Fact]
    public async Task A_copy_leaves_no_snapshot_of_its_source_behind()
    {
        var source = await NewDiskAsync();

        await Store.CopyAsync(source, Primary, UniqueName());

        var name = Store.Resolve(source).Blob.Name;
        var versions = Primary.Vhds.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions
        {
            Prefix = name, States = Azure.Storage.Blobs.Models.BlobStates.Snapshots,
        });
        Assert.Single(await versions.ToListAsync());
    }
}
