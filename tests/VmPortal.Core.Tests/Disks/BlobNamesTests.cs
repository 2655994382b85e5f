using VmPortal.Core.Disks;

namespace VmPortal.Core.Tests.Disks;

public sealed class BlobNamesTests
{
    private static readonly DateTimeOffset CaptureTime = new(2026, 11, 25, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Image_disks_are_named_after_the_image_disk_and_UTC_capture_date()
    {
        Assert.Equal("web-os-2026-11-25.vhd", BlobNames.Candidate(BlobNames.ImageOsDisk("web", CaptureTime), 0));
        Assert.Equal("web-datadisk-3-2026-11-25.vhd", BlobNames.Candidate(BlobNames.ImageDataDisk("web", 3, CaptureTime), 0));
    }

    [Fact]
    public void The_date_is_the_UTC_date_even_when_the_local_date_is_another()
    {
        var tokyoMorning = new DateTimeOffset(2026, 11, 26, 8, 30, 0, TimeSpan.FromHours(9));

        Assert.Equal("web-os-2026-11-25", BlobNames.ImageOsDisk("web", tokyoMorning));
    }

    [Fact]
    public void Deployed_disks_are_named_after_service_and_VM()
    {
        Assert.Equal("svc-vm1-os-2026-11-25", BlobNames.VmOsDisk("svc", "vm1", CaptureTime));
        Assert.Equal("svc-vm1-datadisk-0-2026-11-25", BlobNames.VmDataDisk("svc", "vm1", 0, CaptureTime));
    }

    [Fact]
    public void Conflict_candidates_append_at_least_two_digits_before_the_extension()
    {
        var candidates = BlobNames.Candidates("web-os-2026-11-25").Take(102).ToList();

        Assert.Equal("web-os-2026-11-25.vhd", candidates[0]);
        Assert.Equal("web-os-2026-11-25-01.vhd", candidates[1]);
        Assert.Equal("web-os-2026-11-25-09.vhd", candidates[9]);
        Assert.Equal("web-os-2026-11-25-99.vhd", candidates[99]);
        Assert.Equal("web-os-2026-11-25-100.vhd", candidates[100]);
        Assert.Equal("web-os-2026-11-25-101.vhd", candidates[101]);
    }
}
