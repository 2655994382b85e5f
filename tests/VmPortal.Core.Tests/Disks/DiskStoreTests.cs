using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

[Collection(typeof(AzuriteCollection))]
public sealed class DiskStoreTests(AzuriteFixture azurite) : DiskStoreTestBase(azurite)
{
    [Theory]
    [InlineData(1)]
    [InlineData(1023)]
    public async Task A_new_N_GB_disk_is_N_GiB_plus_512_bytes_with_a_valid_footer_and_only_the_footer_stored(int sizeInGb)
    {
        var disk = await NewDiskAsync(sizeInGb);

        var properties = (await Blob(disk).GetPropertiesAsync()).Value;
        Assert.Equal(sizeInGb * GiB + 512, properties.ContentLength);
        var validation = await Store.ValidateAsync(disk);
        Assert.True(validation.IsValid, validation.Message);
        Assert.Equal(sizeInGb * GiB, validation.Footer!.CurrentSize);
        Assert.Equal([new DiskRange(sizeInGb * GiB, 512)], await Store.GetAllocatedRangesAsync(disk));
        Assert.Equal(512, await Store.AllocatedBytesAsync(disk));
    }

    [Fact]
    public async Task Creating_a_disk_under_a_taken_name_fails_and_leaves_the_existing_disk_alone()
    {
        var name = UniqueName("disk") + ".vhd";
        var disk = await Store.CreateEmptyDiskAsync(Primary, name, 1);
        await Store.WriteHeartbeatAsync(disk, new Heartbeat(5, CaptureTime));

        await Assert.ThrowsAsync<DiskNameTakenException>(() => Store.CreateEmptyDiskAsync(Primary, name, 2));

        Assert.Equal(GiB + 512, (await Blob(disk).GetPropertiesAsync()).Value.ContentLength);
        Assert.Equal(5ul, (await Store.ReadHeartbeatAsync(disk)).Value!.Sequence);
    }

    [Fact]
    public async Task Writing_the_guest_record_changes_sector_1_and_nothing_else()
    {
        var record = new GuestRecord { Os = OsType.Linux, ComputerName = "db01", AdminUserName = "ops", MachineId = Guid.NewGuid(), Provisioned = true };

        await AssertOnlySectorChangesAsync(GuestRecord.Offset, record.ToBytes(), disk => Store.WriteGuestRecordAsync(disk, record));
    }

    [Fact]
    public async Task Writing_a_heartbeat_changes_its_sector_and_nothing_else()
    {
        var heartbeat = new Heartbeat(17, CaptureTime);

        await AssertOnlySectorChangesAsync(Heartbeat.Offset, heartbeat.ToBytes(), disk => Store.WriteHeartbeatAsync(disk, heartbeat));
    }

    private async Task AssertOnlySectorChangesAsync(long sectorOffset, byte[] expectedSector, Func<Uri, Task> write)
    {
        var disk = await NewDiskAsync();
        var before = RandomBytes(64 * 1024);
        await WritePageAsync(disk, 0, before);
        var footer = await ReadAsync(disk, GiB, 512);

        await write(disk);

        var after = await ReadAsync(disk, 0, before.Length);
        Assert.Equal(expectedSector, after[(int)sectorOffset..(int)(sectorOffset + 512)]);
        Assert.Equal(before[..(int)sectorOffset], after[..(int)sectorOffset]);
        Assert.Equal(before[(int)(sectorOffset + 512)..], after[(int)(sectorOffset + 512)..]);
        Assert.Equal(footer, await ReadAsync(disk, GiB, 512));
    }

    [Fact]
    public async Task The_guest_record_and_heartbeat_read_back_from_the_disk()
    {
        var disk = await NewDiskAsync();
        var record = GuestRecord.GeneralizedImage(OsType.Windows) with { BootCount = 3, LastBootTime = CaptureTime, Running = true };
        var heartbeat = new Heartbeat(99, CaptureTime.AddSeconds(5));

        await Store.WriteGuestRecordAsync(disk, record);
        await Store.WriteHeartbeatAsync(disk, heartbeat);

        Assert.Equal(record, (await Store.ReadGuestRecordAsync(disk)).Value);
        Assert.Equal(heartbeat, (await Store.ReadHeartbeatAsync(disk)).Value);
    }

    [Fact]
    public async Task A_fresh_data_disk_has_no_guest_record_and_no_heartbeat()
    {
        var disk = await NewDiskAsync();

        Assert.Equal(SectorState.Absent, (await Store.ReadGuestRecordAsync(disk)).State);
        Assert.Equal(SectorState.Absent, (await Store.ReadHeartbeatAsync(disk)).State);
    }

    [Fact]
    public async Task A_media_link_resolves_to_the_account_it_lives_in_including_snapshots()
    {
        var secondary = await Store.CreateEmptyDiskAsync(Secondary, UniqueName("disk") + ".vhd", 1);
        var snapshot = await Store.SnapshotAsync(secondary);

        Assert.Equal(Secondary.Name, Store.Resolve(secondary).Account.Name);
        var resolved = Store.Resolve(snapshot);
        Assert.Equal(Secondary.Name, resolved.Account.Name);
        Assert.True(resolved.IsSnapshot);
        Assert.Throws<ArgumentException>(() => Store.Resolve(new Uri("http://127.0.0.1:1/acct9/vhds/x.vhd")));
    }

    [Fact]
    public async Task Allocated_bytes_count_only_what_was_written()
    {
        var disk = await NewDiskAsync(127);
        await WritePageAsync(disk, 10 * GiB, RandomBytes(4 * (int)MiB));
        await WritePageAsync(disk, 100 * GiB, RandomBytes(4 * (int)MiB));

        Assert.Equal(8 * MiB + 512, await Store.AllocatedBytesAsync(disk));
    }

    [Fact]
    public async Task The_content_hash_matches_for_a_copy_and_changes_after_a_write()
    {
        var disk = await NewDiskAsync(8);
        await WritePageAsync(disk, 3 * GiB, RandomBytes(1024 * 1024));
        var copy = (await Store.CopyAsync(disk, Primary, UniqueName())).Uri;

        var original = await Store.ComputeContentHashAsync(disk);
        Assert.Equal(original, await Store.ComputeContentHashAsync(copy));

        await WritePageAsync(copy, 3 * GiB + 4096, RandomBytes(512));
        Assert.NotEqual(original, await Store.ComputeContentHashAsync(copy));
    }

    [Fact]
    public async Task Deleting_a_snapshot_keeps_the_disk_and_a_disk_uri_is_never_taken_for_a_snapshot()
    {
        var disk = await NewDiskAsync();
        var snapshot = await Store.SnapshotAsync(disk);

        await Store.DeleteSnapshotAsync(snapshot);

        Assert.False(await Blob(snapshot).ExistsAsync());
        Assert.True(await Blob(disk).ExistsAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteSnapshotAsync(disk));
        Assert.True(await Blob(disk).ExistsAsync());
    }
}
