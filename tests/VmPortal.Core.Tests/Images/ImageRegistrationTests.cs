using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>R18 and R1: images from blobs already in storage, or from a local file uploaded first; refusals register nothing.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageRegistrationTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    /// <summary>On purpose: VHDs uploaded for registrations the tests expect to be refused.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.OrphanBlob };

    [Fact]
    public async Task A_VM_image_is_registered_from_an_OS_disk_and_data_disks_with_sizes_from_the_footers()
    {
        var os = await TestVhds.OsDiskAsync(West, OsType.Windows, generalized: false, dataSize: 3 * TestVhds.GiB);
        var lun5 = await TestVhds.DataDiskAsync(West, 64 * VhdFooter.MiB);
        var lun0 = await TestVhds.DataDiskAsync(West, 2 * TestVhds.GiB);

        var result = await Registration.RegisterVmImageAsync(new RegisterVmImageRequest("sql-2026", "SQL box",
            new OsDiskRegistration(os.AbsoluteUri, "windows", "specialized", "ReadOnly"),
            [new DataDiskRegistration(lun5.AbsoluteUri, 5, "ReadWrite"), new DataDiskRegistration(lun0.AbsoluteUri, 0)], "Registered by hand"), "tests");

        var image = result.Ok();
        Assert.Equal((ImageKind.VMImage, ImageCategory.User, ImageState.Ready, OsType.Windows, OsState.Specialized, "West US", "SQL box"),
            (image.Kind, image.Category, image.State, image.Os, image.OsState, image.Location, image.Label));
        Assert.Equal(["West US"], image.Locations);
        Assert.Equal((os.AbsoluteUri, HostCaching.ReadOnly, 3), (image.OsDiskConfiguration!.MediaLink, image.OsDiskConfiguration.HostCaching, image.OsDiskConfiguration.LogicalSizeInGb));
        Assert.Equal([(0, HostCaching.None, 2, lun0.AbsoluteUri), (5, HostCaching.ReadWrite, 1, lun5.AbsoluteUri)],
            image.DataDiskConfigurations!.Select(d => (d.Lun, d.HostCaching, d.LogicalSizeInGb, d.MediaLink)));
        Assert.Equal(Path.GetFileNameWithoutExtension(os.Segments[^1]), image.OsDiskConfiguration.Name);
        Assert.NotNull(image.OsDiskConfiguration.AllocatedBytes);
        Assert.Null(image.SourceVm);
    }

    [Fact]
    public async Task An_OS_image_is_registered_from_a_generalized_disk_in_its_storage_accounts_location()
    {
        var blob = await TestVhds.OsDiskAsync(East, OsType.Linux, generalized: true);

        var result = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("my-ubuntu", MediaLink: blob.AbsoluteUri, Os: "Linux"), "tests");

        Assert.Equal((ImageKind.OSImage, OsState.Generalized, "East US", "my-ubuntu", HostCaching.ReadWrite),
            (result.Value!.Kind, result.Value.OsState, result.Value.Location, result.Value.Label, result.Value.OsDiskConfiguration!.HostCaching));
        Assert.Null(result.Value.DataDiskConfigurations);
    }

    public static TheoryData<string, VhdFooterProblem> Damages => TestVhds.Damages;

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Every_blob_R1_refuses_is_InvalidVhd_naming_the_problem_and_nothing_is_registered(string damage, VhdFooterProblem problem)
    {
        var bad = await TestVhds.DamagedAsync(West, damage);
        var expected = await Get<DiskStore>().ValidateAsync(bad);
        Assert.Equal(problem, expected.Problem);

        var asOs = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("bad-os", MediaLink: bad.AbsoluteUri, Os: "Windows"), "tests");
        var asData = await Registration.RegisterVmImageAsync(new RegisterVmImageRequest("bad-vm", null,
            new OsDiskRegistration((await TestVhds.OsDiskAsync(West, OsType.Windows, false)).AbsoluteUri, "Windows", "Specialized"),
            [new DataDiskRegistration(bad.AbsoluteUri, 0)]), "tests");

        Assert.Equal((ErrorCodes.InvalidVhd, "mediaLink"), (asOs.Error?.Code, asOs.Error?.Field));
        Assert.Contains(expected.Message, asOs.Error!.Message);
        Assert.Equal((ErrorCodes.InvalidVhd, "dataDiskConfigurations[0].mediaLink"), (asData.Error?.Code, asData.Error?.Field));
        await AssertNotRegisteredAsync("bad-os", "bad-vm");
    }

    [Fact]
    public async Task Refusals_follow_the_order_of_checks_and_name_the_field()
    {
        var os = (await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false)).AbsoluteUri;
        var data = (await TestVhds.DataDiskAsync(West)).AbsoluteUri;
        var eastData = (await TestVhds.DataDiskAsync(East)).AbsoluteUri;
        var missing = West.Vhds.GetBlobClient("never-written.vhd").Uri.AbsoluteUri;
        RegisterVmImageRequest Vm(string name = "reg-vm", string osLink = "", string osState = "Specialized", string caching = "ReadWrite",
            params DataDiskRegistration[] disks) =>
            new(name, null, new OsDiskRegistration(osLink.Length == 0 ? os : osLink, "Linux", osState, caching), disks);

        var cases = new (RegisterVmImageRequest Request, string Code, string Field)[]
        {
            (Vm(name: "-bad"), ErrorCodes.InvalidName, "name"),
            (Vm() with { OsDiskConfiguration = null }, ErrorCodes.ValidationFailed, "osDiskConfiguration"),
            (Vm() with { OsDiskConfiguration = new OsDiskRegistration(os, "BeOS", "Specialized") }, ErrorCodes.ValidationFailed, "osDiskConfiguration.os"),
            (Vm(osState: "Frozen"), ErrorCodes.ValidationFailed, "osDiskConfiguration.osState"),
            (Vm(caching: "None"), ErrorCodes.InvalidHostCaching, "osDiskConfiguration.hostCaching"),
            (Vm(osLink: "https://elsewhere.example/vhds/x.vhd"), ErrorCodes.ValidationFailed, "osDiskConfiguration.mediaLink"),
            (Vm(osLink: "not a uri"), ErrorCodes.ValidationFailed, "osDiskConfiguration.mediaLink"),
            (Vm(disks: new DataDiskRegistration(data, 64)), ErrorCodes.InvalidLun, "dataDiskConfigurations[0].lun"),
            (Vm(disks: new DataDiskRegistration(data, null)), ErrorCodes.InvalidLun, "dataDiskConfigurations[0].lun"),
            (Vm(disks: [new DataDiskRegistration(data, 1), new DataDiskRegistration(eastData, 1)]), ErrorCodes.InvalidLun, "dataDiskConfigurations[1].lun"),
            (Vm(disks: new DataDiskRegistration(data, 1, "Always")), ErrorCodes.InvalidHostCaching, "dataDiskConfigurations[0].hostCaching"),
            (Vm(disks: new DataDiskRegistration(os, 1)), ErrorCodes.ValidationFailed, "dataDiskConfigurations[0].mediaLink"),
            // 404 before 409: the name is taken too, but the missing blob is reported.
            (Vm(name: "centos-6.5", disks: new DataDiskRegistration(missing, 0)), ErrorCodes.NotFound, "dataDiskConfigurations[0].mediaLink"),
            // 409 before the rules between request and blobs: the location mismatch is reported after the name.
            (Vm(name: "CENTOS-6.5", disks: new DataDiskRegistration(eastData, 0)), ErrorCodes.ImageNameConflict, "name"),
            (Vm(disks: new DataDiskRegistration(eastData, 0)), ErrorCodes.LocationMismatch, "dataDiskConfigurations[0].mediaLink"),
            (Vm(osLink: data), ErrorCodes.InvalidVhd, "osDiskConfiguration.mediaLink"),
            (Vm(osState: "Generalized"), ErrorCodes.ValidationFailed, "osDiskConfiguration.osState"),
        };

        foreach (var (request, code, field) in cases)
        {
            var result = await Registration.RegisterVmImageAsync(request, "tests");
            Assert.True((code, field) == (result.Error?.Code, result.Error?.Field),
                $"{request}: expected {code} on {field}, got {result.Error?.Code} on {result.Error?.Field}: {result.Error?.Message}");
        }
        await AssertNotRegisteredAsync("reg-vm");
    }

    [Fact]
    public async Task The_OS_type_and_state_must_agree_with_the_guest_record()
    {
        var windowsGeneralized = (await TestVhds.OsDiskAsync(West, OsType.Windows, generalized: true)).AbsoluteUri;
        var linuxSpecialized = (await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false)).AbsoluteUri;

        var wrongOs = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("wrong-os", MediaLink: windowsGeneralized, Os: "Linux"), "tests");
        var notGeneralized = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("not-gen", MediaLink: linuxSpecialized, Os: "Linux"), "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, "os"), (wrongOs.Error?.Code, wrongOs.Error?.Field));
        Assert.Contains("Windows", wrongOs.Error!.Message);
        Assert.Equal((ErrorCodes.ValidationFailed, "mediaLink"), (notGeneralized.Error?.Code, notGeneralized.Error?.Field));
        Assert.Contains("not generalized", notGeneralized.Error!.Message);
        await AssertNotRegisteredAsync("wrong-os", "not-gen");
    }

    [Fact]
    public async Task A_blob_that_is_a_VMs_disk_is_DiskInUse()
    {
        var vm = await AddVmAsync("owner1", dataDiskLuns: [0]);
        var osDisk = vm.Disks.Single(d => d.Lun is null).MediaLink;

        var result = await Registration.RegisterOsImageAsync(new RegisterOsImageRequest("stolen", MediaLink: osDisk, Os: "Linux"), "tests");

        Assert.Equal((ErrorCodes.DiskInUse, "mediaLink"), (result.Error?.Code, result.Error?.Field));
        await AssertNotRegisteredAsync("stolen");
    }

    [Fact]
    public async Task A_local_VHD_is_uploaded_with_progress_and_registered_as_an_OS_image()
    {
        var file = await WriteLocalVhdAsync(GuestRecord.GeneralizedImage(OsType.Linux));
        var reports = new List<VhdUploadProgress>();

        var result = await Registration.UploadOsImageAsync(file, East.Name, new RegisterOsImageRequest("uploaded", "From my laptop", Os: "Linux"),
            "tests", new Progress(reports.Add));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(("East US", "From my laptop", 1), (result.Value!.Location, result.Value.Label, result.Value.OsDiskConfiguration!.LogicalSizeInGb));
        Assert.StartsWith($"uploaded-os-{Clock.Today}", result.Value.OsDiskConfiguration.Name);
        Assert.Equal(new FileInfo(file).Length, reports[^1].BytesScanned);
        File.Delete(file);
    }

    [Fact]
    public async Task An_uploaded_VHD_without_a_guest_record_is_refused_and_its_blob_removed()
    {
        var file = await WriteLocalVhdAsync(guest: null);

        var result = await Registration.UploadOsImageAsync(file, West.Name, new RegisterOsImageRequest("no-guest", Os: "Linux"), "tests");

        Assert.Equal(ErrorCodes.InvalidVhd, result.Error?.Code);
        Assert.Contains("no guest record", result.Error!.Message);
        Assert.False((await West.Vhds.GetBlobClient($"no-guest-os-{Clock.Today}.vhd").ExistsAsync()).Value);
        await AssertNotRegisteredAsync("no-guest");
        File.Delete(file);
    }

    /// <summary>A sparse 1 GiB fixed VHD file: the guest record (if any) in sector 1, zeros, the footer.</summary>
    private static async Task<string> WriteLocalVhdAsync(GuestRecord? guest)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vmportal-upload-{Guid.NewGuid():N}.vhd");
        await using var stream = File.Create(path);
        stream.SetLength(TestVhds.GiB + VhdFooter.Size);
        if (guest is not null)
        {
            stream.Position = GuestRecord.Offset;
            await stream.WriteAsync(guest.ToBytes());
        }
        stream.Position = TestVhds.GiB;
        await stream.WriteAsync(VhdFooter.ForFixedDisk(TestVhds.GiB).ToBytes());
        return path;
    }

    private async Task AssertNotRegisteredAsync(params string[] names)
    {
        await using var db = Db();
        var upper = names.Select(n => n.ToUpperInvariant()).ToList();
        Assert.False(await db.Images.AnyAsync(i => upper.Contains(i.NormalizedName)));
    }

    private sealed class Progress(Action<VhdUploadProgress> report) : IProgress<VhdUploadProgress>
    {
        public void Report(VhdUploadProgress value) => report(value);
    }
}
