using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Tests.Disks;

public sealed class GuestRecordTests
{
    private static readonly GuestRecord Provisioned = new()
    {
        Os = OsType.Windows,
        ComputerName = "web01",
        AdminUserName = "admin",
        MachineId = Guid.NewGuid(),
        Provisioned = true,
        BootCount = 7,
        LastBootTime = new DateTimeOffset(2026, 11, 25, 9, 0, 0, 123, TimeSpan.Zero),
        Running = true,
        LastShutdownUnexpected = true,
    };

    [Fact]
    public void A_guest_record_reads_back_with_every_field()
    {
        var read = GuestRecord.Parse(Provisioned.ToBytes());

        Assert.Equal(SectorState.Present, read.State);
        Assert.Equal(Provisioned, read.Value);
    }

    [Fact]
    public void A_public_images_record_is_generalized_with_no_name_user_or_machine_id()
    {
        var read = GuestRecord.Parse(GuestRecord.GeneralizedImage(OsType.Linux).ToBytes()).Value!;

        Assert.True(read.Generalized);
        Assert.Equal(OsType.Linux, read.Os);
        Assert.Null(read.ComputerName);
        Assert.Null(read.AdminUserName);
        Assert.Null(read.MachineId);
        Assert.Null(read.LastBootTime);
    }

    [Fact]
    public void A_blank_sector_reads_as_absent_not_as_an_error()
    {
        var read = GuestRecord.Parse(new byte[512]);

        Assert.Equal(SectorState.Absent, read.State);
        Assert.Null(read.Value);
    }

    [Fact]
    public void A_damaged_record_reads_as_corrupt()
    {
        var bytes = Provisioned.ToBytes();
        bytes[45] ^= 0xFF;

        var read = GuestRecord.Parse(bytes);

        Assert.Equal(SectorState.Corrupt, read.State);
        Assert.Contains("checksum", read.Message);
    }

    [Fact]
    public void A_guest_record_has_no_place_for_a_password()
    {
        Assert.DoesNotContain(typeof(GuestRecord).GetProperties(), p => p.Name.Contains("Password", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_name_longer_than_the_record_holds_is_refused_rather_than_cut()
    {
        var record = Provisioned with { ComputerName = new string('a', GuestRecord.MaxNameBytes + 1) };

        Assert.Throws<InvalidOperationException>(() => record.ToBytes());
    }

    [Fact]
    public void A_heartbeat_reads_back_and_a_blank_sector_has_none()
    {
        var heartbeat = new Heartbeat(42, new DateTimeOffset(2026, 11, 25, 9, 0, 5, TimeSpan.Zero));

        Assert.Equal(heartbeat, Heartbeat.Parse(heartbeat.ToBytes()).Value);
        Assert.Equal(SectorState.Absent, Heartbeat.Parse(new byte[512]).State);
    }
}
